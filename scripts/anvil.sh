#!/usr/bin/env bash
# The local dev chain: anvil (npm) on 127.0.0.1:$HEDGE_ANVIL_PORT (default 28545), chain id 31337,
# the standard test mnemonic, state kept in .local/anvil/state.json across restarts. It mines each
# transaction at once and also a block every $HEDGE_ANVIL_BLOCK_TIME seconds (default 1): with automining
# alone, an execution waiting for confirmations stayed `mined` until some other transaction came.
# HEDGE_ANVIL_INSTANCE=2 runs the second local chain instead (the LP's book on another chain id): chain id
# $HEDGE_ANVIL2_CHAIN_ID (default 31338) on $HEDGE_ANVIL2_PORT (default HEDGE_ANVIL_PORT + 10), state in .local/anvil2.
# Usage: scripts/anvil.sh start|stop|status|url
source "$(dirname "$0")/lib.sh"

CHAIN_ID=31337
ANVIL_DIR="$HEDGE_LOCAL_DIR/anvil"
if [ "${HEDGE_ANVIL_INSTANCE:-1}" = "2" ]; then
  HEDGE_ANVIL_PORT="$HEDGE_ANVIL2_PORT"
  CHAIN_ID="$HEDGE_ANVIL2_CHAIN_ID"
  ANVIL_DIR="$HEDGE_LOCAL_DIR/anvil2"
fi
PID_FILE="$ANVIL_DIR/anvil.pid"
RPC_URL="http://127.0.0.1:$HEDGE_ANVIL_PORT"

running_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  # A stale pid file may name a process that is gone or is something else now.
  kill -0 "$pid" 2>/dev/null && grep -q anvil "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

chain_id() {
  curl -s -m 2 -H 'content-type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$RPC_URL" | grep -o '"result":"[^"]*"' || true
}

start() {
  ensure_npm
  mkdir -p "$ANVIL_DIR"
  if running_pid >/dev/null; then log "already running at $RPC_URL"; return 0; fi
  rm -f "$PID_FILE"
  port_in_use "$HEDGE_ANVIL_PORT" && die "port $HEDGE_ANVIL_PORT is in use by another program (set HEDGE_ANVIL_PORT)"
  # The npm wrapper forks the native binary; start the binary itself so the pid is anvil's.
  nohup "$(anvil_bin)" --host 127.0.0.1 --port "$HEDGE_ANVIL_PORT" --chain-id "$CHAIN_ID" \
    --state "$ANVIL_DIR/state.json" --state-interval 5 \
    --block-time "${HEDGE_ANVIL_BLOCK_TIME:-1}" --mixed-mining ${HEDGE_ANVIL_ARGS:-} \
    >"$ANVIL_DIR/anvil.log" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 100); do
    [ -n "$(chain_id)" ] && { log "started at $RPC_URL"; return 0; }
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$ANVIL_DIR/anvil.log" >&2
  die "anvil did not start (log: $ANVIL_DIR/anvil.log)"
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill "$pid" && for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "stopped"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running_pid >/dev/null; then echo "running at $RPC_URL"; else echo "stopped"; exit 3; fi ;;
  url) echo "$RPC_URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
