#!/usr/bin/env bash
# Runs the BenchmarkDotNet benchmarks (not part of the test command). Starts a throwaway PostgreSQL with its
# durable default settings (fsync on) for the store benchmarks unless MA_BENCH_POSTGRES names a server.
#
#   scripts/bench.sh --filter '*SaveBenchmarks*'      one class
#   scripts/bench.sh --filter '*'                     everything
# Results: BenchmarkDotNet.Artifacts/results/. Figures we keep are copied into docs/performance.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MA_SCRIPT_NAME=bench.sh
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

if [ -z "${MA_BENCH_POSTGRES:-}" ]; then
  MA_PG_SETTINGS="-c max_connections=300" ma_pg_start
  trap ma_pg_stop EXIT
  export MA_BENCH_POSTGRES=$MA_PG_CONNECTION
fi
dotnet run -c Release --project tests/MultimodalAnnotate.Benchmarks -- "$@"
