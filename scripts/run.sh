#!/usr/bin/env bash
# README command 1: installs what is missing (npm tools), starts PostgreSQL and anvil, deploys the
# demo market on the local chain, migrates, and runs the dashboard on http://127.0.0.1:$HEDGE_WEB_PORT.
# Ctrl+C stops the dashboard; scripts/stop.sh stops PostgreSQL and anvil.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_npm
scripts/postgres.sh start
scripts/anvil.sh start
RPC_URL="$(scripts/anvil.sh url)"
DEPLOYMENT_FILE="$HEDGE_LOCAL_DIR/chain/deployment.json"
if [ -x scripts/deploy-local.sh ]; then
  scripts/deploy-local.sh "$RPC_URL"
fi

port_in_use "$HEDGE_WEB_PORT" && die "port $HEDGE_WEB_PORT is in use by another program (set HEDGE_WEB_PORT)"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# Two glibc malloc arenas instead of one per thread: the free memory they keep was most of the run-to-run spread
# of memory per open page (docs/decisions/0006-web-memory.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export ConnectionStrings__Hedge="${ConnectionStrings__Hedge:-$(pg_connection_string)}"
export Chain__RpcUrl="${Chain__RpcUrl:-$RPC_URL}"
export Chain__DeploymentFile="${Chain__DeploymentFile:-$DEPLOYMENT_FILE}"
# The pipeline's market simulator replays the shipped ETH hourly series on the local chain (development only);
# demo oracle settings: the simulator moves an hour's worth of price every few seconds, so a short TWAP window.
export Workers__Simulator__Enabled="${Workers__Simulator__Enabled:-true}"
export Workers__Simulator__SecondsPerBar="${Workers__Simulator__SecondsPerBar:-3}"
export Workers__Ingestion__TwapWindowSeconds="${Workers__Ingestion__TwapWindowSeconds:-10}"
export Workers__Ingestion__MaxTwapDeviation="${Workers__Ingestion__MaxTwapDeviation:-0.05}"

# The shipped real hourly history of the demo pair, before the simulator starts: the trainer's first model learns
# from years of real data, not from demo rounds. Both steps are idempotent (a second import adds nothing).
if [ "${HEDGE_IMPORT_HISTORY:-1}" = "1" ]; then
  log "importing the real ETH/USD hourly history (HEDGE_IMPORT_HISTORY=0 skips)"
  scripts/hedge db migrate
  scripts/hedge import --data "${HEDGE_SHARED_DATA:-$REPO_ROOT/../shared/data}/ETHUSDT_1h_binance_spot.csv.gz" --pair ETH/USD --source binance
fi

log "building the dashboard"
dotnet build src/HedgeDashboard.Web -nologo -v quiet -clp:ErrorsOnly
log "dashboard on http://127.0.0.1:$HEDGE_WEB_PORT (Ctrl+C to stop)"
[ "$ASPNETCORE_ENVIRONMENT" = "Development" ] && log "demo users (development only): viewer / Viewer-dev-2026!  approver / Approver-dev-2026!  admin / Admin-dev-2026!"
exec dotnet run --project src/HedgeDashboard.Web --no-build --no-launch-profile -- --urls "http://127.0.0.1:$HEDGE_WEB_PORT"
