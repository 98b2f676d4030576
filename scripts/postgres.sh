#!/usr/bin/env bash
# A private PostgreSQL 15 cluster under .local/pg, on 127.0.0.1:$HEDGE_PG_PORT (default 55432).
# Usage: scripts/postgres.sh start|stop|status|psql [args]
source "$(dirname "$0")/lib.sh"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR="$HEDGE_LOCAL_DIR/pg"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/run"
PG_LOG="$PG_DIR/postgres.log"

# initdb and pg_ctl refuse to run as root: run them as the postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pid_alive() { as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }
accepting() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$HEDGE_PG_PORT" -t 1; }

# Running means the postmaster lives and answers; a postmaster that was just killed can still
# look alive for a moment, so wait a little before deciding.
is_running() {
  for _ in $(seq 1 25); do
    pid_alive || return 1
    accepting && return 0
    sleep 0.2
  done
  return 1
}

start() {
  ensure_apt "$PG_BIN/initdb" postgresql-15
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (set PG_BIN)"
  mkdir -p "$PG_DIR" "$PG_SOCK"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR" "$PG_SOCK"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    rm -rf "$PG_DATA"
    as_owner "$PG_BIN/initdb" -D "$PG_DATA" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
  fi
  if is_running; then
    log "already running on 127.0.0.1:$HEDGE_PG_PORT"
  else
    pid_alive && die "postgres in $PG_DATA has a live postmaster that does not answer on port $HEDGE_PG_PORT"
    # A crash leaves postmaster.pid behind; no postmaster lives, so it is stale.
    rm -f "$PG_DATA/postmaster.pid"
    port_in_use "$HEDGE_PG_PORT" && die "port $HEDGE_PG_PORT is in use by another program (set HEDGE_PG_PORT)"
    as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 30 start \
      -o "-c listen_addresses=127.0.0.1 -c port=$HEDGE_PG_PORT -c unix_socket_directories=$PG_SOCK -c max_connections=200 -c fsync=${HEDGE_PG_FSYNC:-on}" >/dev/null \
      || { tail -n 20 "$PG_LOG" >&2; die "postgres did not start (log: $PG_LOG)"; }
    log "started on 127.0.0.1:$HEDGE_PG_PORT"
  fi
  if ! psql_admin -tAc "select 1 from pg_database where datname='$HEDGE_DB_NAME'" | grep -q 1; then
    psql_admin -qc "create database \"$HEDGE_DB_NAME\"" && log "created database $HEDGE_DB_NAME"
  fi
}

stop() {
  if pid_alive; then
    as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "stopped"
  else
    log "not running"
  fi
}

psql_admin() { psql -X -h 127.0.0.1 -p "$HEDGE_PG_PORT" -U postgres -d postgres "$@"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on 127.0.0.1:$HEDGE_PG_PORT"; else echo "stopped"; exit 3; fi ;;
  psql) shift; psql -X -h 127.0.0.1 -p "$HEDGE_PG_PORT" -U postgres -d "$HEDGE_DB_NAME" "$@" ;;
  *) echo "usage: $0 start|stop|status|psql" >&2; exit 2 ;;
esac
