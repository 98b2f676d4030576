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
export ConnectionStrings__Hedge="${ConnectionStrings__Hedge:-$(pg_connection_string)}"
export Chain__RpcUrl="${Chain__RpcUrl:-$RPC_URL}"
export Chain__DeploymentFile="${Chain__DeploymentFile:-$DEPLOYMENT_FILE}"

log "building the dashboard"
dotnet build src/HedgeDashboard.Web -nologo -v quiet -clp:ErrorsOnly
log "dashboard on http://127.0.0.1:$HEDGE_WEB_PORT (Ctrl+C to stop)"
exec dotnet run --project src/HedgeDashboard.Web --no-build --no-launch-profile -- --urls "http://127.0.0.1:$HEDGE_WEB_PORT"
