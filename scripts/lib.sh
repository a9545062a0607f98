# shellcheck shell=bash
# Shared helpers for scripts/run.sh and scripts/test.sh. Source it; do not run it.
#
# Everything here prints its messages on stderr, prefixed with the calling script's name, so that
# the last line on stdout stays whatever the caller decides (test.sh ends with the plain total).

MA_SCRIPT_NAME=${MA_SCRIPT_NAME:-$(basename "$0")}

export DEBIAN_FRONTEND=noninteractive
export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ma_log() { printf '[%s] %s\n' "$MA_SCRIPT_NAME" "$*" >&2; }
ma_die() { printf '[%s] ERROR: %s\n' "$MA_SCRIPT_NAME" "$*" >&2; exit 1; }

ma_is_root() { [ "$(id -u)" -eq 0 ]; }

# Milliseconds since the epoch (GNU date).
ma_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Runs apt-get without ever waiting for a question and waiting (bounded) for another apt's lock.
_ma_apt_get() { apt-get -q -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 "$@"; }

_ma_apt_lists_present() {
  compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

# ma_apt_install REASON PACKAGE...
# Installs Debian packages. As root: `apt-get install -y`, and when that fails (stale or missing package
# lists) one `apt-get update` and a second try. Not root: prints the exact command and exits non-zero.
ma_apt_install() {
  local reason=$1; shift
  if ! ma_is_root; then
    ma_log "Missing: $* ($reason)."
    ma_log "Install with:  sudo apt-get install -y $*"
    ma_log "(then run this script again)"
    exit 1
  fi
  ma_log "Installing $* with apt-get ($reason) ..."
  local started; started=$(ma_now_ms)
  if ! _ma_apt_lists_present; then
    ma_log "No apt package lists yet: running apt-get update first."
    _ma_apt_get update >&2 || ma_die "apt-get update failed"
    _ma_apt_get install -y "$@" >&2 || ma_die "apt-get install -y $* failed"
  elif ! _ma_apt_get install -y "$@" >&2; then
    ma_log "apt-get install failed; the package lists may be stale: running apt-get update and retrying."
    _ma_apt_get update >&2 || ma_die "apt-get update failed"
    _ma_apt_get install -y "$@" >&2 || ma_die "apt-get install -y $* failed"
  fi
  ma_log "Installed $* in $(( ($(ma_now_ms) - started) / 1000 )) s."
}

# ma_require_commands PACKAGE REASON COMMAND...
# Installs PACKAGE when any COMMAND is not on PATH, then checks again.
ma_require_commands() {
  local package=$1 reason=$2; shift 2
  local missing=() c
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  ma_log "${missing[*]} not found on PATH."
  ma_apt_install "$reason" "$package"
  hash -r
  missing=()
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] || ma_die "'apt-get install -y $package' finished but ${missing[*]} is still not on PATH ($PATH)."
}

# ---------------------------------------------------------------------------------------------
# Throwaway PostgreSQL cluster (for tests). Sets MA_PG_DATA, MA_PG_PORT, MA_PG_CONNECTION.
# ---------------------------------------------------------------------------------------------

# The folder holding initdb/pg_ctl: $MA_PG_BIN, else PostgreSQL 15, else the newest installed.
ma_pg_bin() {
  if [ -n "${MA_PG_BIN:-}" ]; then echo "$MA_PG_BIN"; return 0; fi
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return 0; fi
  local newest
  newest=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)
  [ -n "$newest" ] && dirname "$newest"
}

_ma_pg_ensure_installed() {
  [ -n "$(ma_pg_bin)" ] && [ -x "$(ma_pg_bin)/initdb" ] && return 0
  if ma_is_root && [ ! -e /etc/postgresql-common/createcluster.d/ma-no-main-cluster.conf ]; then
    # We only need the binaries: keep Debian from creating and starting a 'main' cluster on 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/ma-no-main-cluster.conf
  fi
  ma_apt_install "PostgreSQL server binaries for the tests" postgresql-15
  [ -x "$(ma_pg_bin)/initdb" ] || ma_die "postgresql-15 installed but no initdb under /usr/lib/postgresql/*/bin"
}

# Runs a PostgreSQL binary as the postgres OS user when we are root (the server refuses root),
# directly otherwise. Runs from / so that the postgres user never trips over an unreadable cwd.
_ma_pg_as_owner() {
  if ma_is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

_ma_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ma_pg_start: initdb into a fresh mktemp folder and start it on a free port; times it.
# MA_PG_SETTINGS replaces the fast-but-unsafe test settings (fsync off) with others, e.g. for benchmarks.
# shellcheck disable=SC2034  # MA_PG_PORT and MA_PG_CONNECTION are read by the sourcing script
ma_pg_start() {
  _ma_pg_ensure_installed
  local bin; bin=$(ma_pg_bin)
  local started; started=$(ma_now_ms)

  MA_PG_DATA=$(mktemp -d "${TMPDIR:-/tmp}/ma-test-pg.XXXXXX")
  if ma_is_root; then
    id postgres >/dev/null 2>&1 || ma_die "running as root but there is no 'postgres' OS user to run PostgreSQL as"
    chown postgres: "$MA_PG_DATA"
  fi
  chmod 700 "$MA_PG_DATA"
  if ! _ma_pg_as_owner "$bin/initdb" -D "$MA_PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        --no-sync --no-instructions >"$MA_PG_DATA.initdb.log" 2>&1; then
    cat "$MA_PG_DATA.initdb.log" >&2
    rm -f "$MA_PG_DATA.initdb.log"
    ma_die "initdb failed"
  fi
  rm -f "$MA_PG_DATA.initdb.log"

  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 30000 ))
    if _ma_port_in_use "$port" || [ -e "/tmp/.s.PGSQL.$port.lock" ]; then continue; fi
    if _ma_pg_as_owner "$bin/pg_ctl" -D "$MA_PG_DATA" -l "$MA_PG_DATA/postgres.log" -w -t 60 \
         -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 ${MA_PG_SETTINGS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300}" \
         start >/dev/null; then
      MA_PG_PORT=$port
      MA_PG_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      ma_log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') started on 127.0.0.1:$port in $(( $(ma_now_ms) - started )) ms (data and log: $MA_PG_DATA)."
      return 0
    fi
    ma_log "PostgreSQL did not start on port $port (attempt $attempt); log tail:"
    tail -n 5 "$MA_PG_DATA/postgres.log" >&2 2>/dev/null || true
  done
  ma_die "could not start PostgreSQL (see $MA_PG_DATA/postgres.log)"
}

# ma_pg_stop: stops the cluster started by ma_pg_start and deletes its folder. Quiet, idempotent.
ma_pg_stop() {
  [ -n "${MA_PG_DATA:-}" ] || return 0
  if [ -f "$MA_PG_DATA/postmaster.pid" ]; then
    _ma_pg_as_owner "$(ma_pg_bin)/pg_ctl" -D "$MA_PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || _ma_pg_as_owner "$(ma_pg_bin)/pg_ctl" -D "$MA_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$MA_PG_DATA"
  MA_PG_DATA=
}
