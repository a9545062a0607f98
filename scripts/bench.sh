#!/usr/bin/env bash
# Runs the BenchmarkDotNet benchmarks (not part of the test command). Starts a throwaway PostgreSQL with its
# durable default settings (fsync on) for the store benchmarks unless MA_BENCH_POSTGRES names a server.
#
#   scripts/bench.sh --filter '*SaveBenchmarks*'      one class
#   scripts/bench.sh --filter '*'                     everything
#   scripts/bench.sh engine-ab REV [SECONDS]          engine batch throughput: REV against the working tree, one process
# Results: BenchmarkDotNet.Artifacts/results/. Figures we keep are copied into docs/performance.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MA_SCRIPT_NAME=bench.sh
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

if [ "${1:-}" = engine-ab ]; then
  # scripts/bench.sh engine-ab REV [SECONDS]: the engine's batch throughput at REV (A) against the working tree (B),
  # both builds in one process taking turns (tests/MultimodalAnnotate.Benchmarks/Validation/EngineAbDriver.cs).
  rev=${2:?usage: scripts/bench.sh engine-ab REV [SECONDS]}
  work=$(mktemp -d)
  git worktree add --detach -q "$work/a" "$rev"
  trap 'git worktree remove --force "$work/a"; rm -rf "$work"' EXIT
  dotnet build -c Release -v q -o "$work/build-a" "$work/a/tests/MultimodalAnnotate.Benchmarks" >/dev/null
  dotnet build -c Release -v q -o "$work/build-b" tests/MultimodalAnnotate.Benchmarks >/dev/null
  # The driver comes from the working tree; the build at REV needs only its engine and its realistic item. The build
  # loaded second measured 1-3 % faster in A/A runs, so the comparison runs in both orders.
  echo "A = $rev, B = working tree:"
  dotnet "$work/build-b/MultimodalAnnotate.Benchmarks.dll" engine-ab "$work/build-a" "$work/build-b" "${3:-30}"
  echo "A = working tree, B = $rev:"
  dotnet "$work/build-b/MultimodalAnnotate.Benchmarks.dll" engine-ab "$work/build-b" "$work/build-a" "${3:-30}"
  exit 0
fi

if [ -z "${MA_BENCH_POSTGRES:-}" ]; then
  MA_PG_SETTINGS="-c max_connections=300" ma_pg_start
  trap ma_pg_stop EXIT
  export MA_BENCH_POSTGRES=$MA_PG_CONNECTION
fi
dotnet run -c Release --project tests/MultimodalAnnotate.Benchmarks -- "$@"
