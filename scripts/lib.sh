# Shared settings and helpers for the project's scripts. Source it; do not run it.
# Every setting can be overridden by the environment variable of the same name.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEDGE_LOCAL_DIR="${HEDGE_LOCAL_DIR:-$REPO_ROOT/.local}"
HEDGE_PG_PORT="${HEDGE_PG_PORT:-25432}"
HEDGE_ANVIL_PORT="${HEDGE_ANVIL_PORT:-28545}"
HEDGE_WEB_PORT="${HEDGE_WEB_PORT:-5080}"
HEDGE_ANVIL2_PORT="${HEDGE_ANVIL2_PORT:-$((HEDGE_ANVIL_PORT + 10))}"
HEDGE_ANVIL2_CHAIN_ID="${HEDGE_ANVIL2_CHAIN_ID:-31338}"
HEDGE_DB_NAME="${HEDGE_DB_NAME:-hedge}"
export HEDGE_LOCAL_DIR HEDGE_PG_PORT HEDGE_ANVIL_PORT HEDGE_WEB_PORT HEDGE_DB_NAME HEDGE_ANVIL2_PORT HEDGE_ANVIL2_CHAIN_ID

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# True when something already listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Installs a Debian package when its command is missing (root only; apt-get update once).
ensure_apt() {
  local cmd="$1" pkg="$2"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "$cmd is missing; install the Debian package '$pkg'"
  log "installing $pkg"
  if [ ! -f "$HEDGE_LOCAL_DIR/.apt-updated" ]; then
    apt-get update -qq >&2
    mkdir -p "$HEDGE_LOCAL_DIR" && touch "$HEDGE_LOCAL_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >&2
}

# npm tools (anvil, forge, cast, solc) from package-lock.json; reinstalls when the lock changes.
# `npm ci` installs exactly the lock and never rewrites the tracked file (`npm install` did, dropping other
# platforms' optional binaries). After editing package.json, regenerate the lock with
# `npm install --package-lock-only`: resolved without node_modules, it keeps every platform's entries.
ensure_npm() {
  ensure_apt node nodejs
  local stamp="$REPO_ROOT/node_modules/.lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$REPO_ROOT/package-lock.json" "$stamp"; then
    log "npm ci"
    (cd "$REPO_ROOT" && npm ci --no-fund --no-audit --loglevel=error >&2)
    cp "$REPO_ROOT/package-lock.json" "$stamp"
  fi
}

anvil_bin() { echo "$REPO_ROOT/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"; }
cast_bin() { echo "$REPO_ROOT/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"; }

pg_connection_string() {
  echo "Host=127.0.0.1;Port=$HEDGE_PG_PORT;Username=postgres;Database=${1:-$HEDGE_DB_NAME}"
}
