#!/usr/bin/env bash
# Runs MultimodalAnnotate locally on the embedded default store (SQLite + a media folder under .data/).
#
#   scripts/run.sh                  http://127.0.0.1:5080, ASPNETCORE_ENVIRONMENT=Development
#   PORT=8080 scripts/run.sh        another port on 127.0.0.1
#   MA_URLS="http://0.0.0.0:5080" scripts/run.sh   any Kestrel URL list (wins over PORT)
#   scripts/run.sh -- <app args>    arguments for the app itself
#
# Installs ffmpeg/ffprobe with apt-get when they are missing (as root; otherwise prints the command),
# restores the local dotnet tools, then `dotnet run`s the web project. The app prints the demo users.
# See docs/development.md (PostgreSQL instead of SQLite, migrations, environment variables).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
MA_SCRIPT_NAME=run.sh
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

APP_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    --) shift; APP_ARGS=("$@"); break ;;
    *) ma_die "unknown argument '$1' (app arguments go after --; try --help)" ;;
  esac
done

if [ -n "${MA_URLS:-}" ]; then
  URLS=$MA_URLS
elif [ -n "${PORT:-}" ]; then
  case "$PORT" in
    ''|*[!0-9]*) ma_die "PORT must be a number, got '$PORT'" ;;
  esac
  URLS="http://127.0.0.1:$PORT"
else
  URLS="http://127.0.0.1:5080"
fi

command -v dotnet >/dev/null 2>&1 || ma_die "the .NET SDK (dotnet) is not on PATH; install the .NET 10 SDK first."

ma_require_commands ffmpeg "video/audio probing, thumbnails and waveforms" ffmpeg ffprobe

if [ -f .config/dotnet-tools.json ] || [ -f dotnet-tools.json ]; then
  ma_log "Restoring local dotnet tools ..."
  dotnet tool restore >&2
fi

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

echo
echo "MultimodalAnnotate is starting on $URLS — demo users are printed below"
echo "(the first start compiles the app before it listens; stop it with Ctrl-C)"
echo

# --no-launch-profile: the URL and environment above win over Properties/launchSettings.json.
exec dotnet run --project src/MultimodalAnnotate.Web --no-launch-profile -- "${APP_ARGS[@]}" --urls "$URLS"
