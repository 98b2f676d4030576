#!/usr/bin/env bash
# Deploys the complete local market (tokens, real Uniswap v3, feed, venue, HedgeController, three
# protected demo LP positions) on a dev chain and writes the addresses to a JSON file the app reads.
# Usage: scripts/deploy-local.sh [RPC_URL]
#   RPC_URL          default http://127.0.0.1:${HEDGE_ANVIL_PORT:-28545}
#   DEPLOYMENT_FILE  default ${HEDGE_LOCAL_DIR:-<repo>/.local}/chain/deployment.json
#   FORCE_DEPLOY=1   deploy again even if the file's controller is live
#   OPEN_DEMO_HEDGES 1 opens each demo position's hedge at half its cap (the venue then charges fees and funding);
#                    default 1 for the default deployment file (the run.sh demo), 0 for any other (tests)
#   MARKET_DEPTH     1 gives the pool the market's full-range liquidity (account 6: 100 WETH and its USDC), so the
#                    demo's replay never strands the pool outside every range; same defaults as OPEN_DEMO_HEDGES
# Idempotent: if the file exists, is for this chain id, and the controller in it has code there,
# it prints "already deployed" and does nothing; otherwise it deploys fresh and replaces the file.
# Uses anvil's well-known test keys only (accounts 0, 1-3, 6, 8, 9 of the test mnemonic).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RPC_URL="${1:-${RPC_URL:-http://127.0.0.1:${HEDGE_ANVIL_PORT:-28545}}}"
LOCAL_DIR="${HEDGE_LOCAL_DIR:-$ROOT/.local}"
DEPLOYMENT_FILE="${DEPLOYMENT_FILE:-$LOCAL_DIR/chain/deployment.json}"
if [[ "$DEPLOYMENT_FILE" == "$LOCAL_DIR/chain/deployment.json" ]]; then
  OPEN_DEMO_HEDGES="${OPEN_DEMO_HEDGES:-1}" MARKET_DEPTH="${MARKET_DEPTH:-1}"
fi
[[ "${OPEN_DEMO_HEDGES:-0}" == "1" ]] && open_hedges=true || open_hedges=false
[[ "${MARKET_DEPTH:-0}" == "1" ]] && market_depth=true || market_depth=false
CAST="$ROOT/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
[[ -x "$CAST" ]] || { echo "deploy-local: $CAST not found; run 'npm ci' in $ROOT" >&2; exit 1; }

chain_id=$("$CAST" chain-id --rpc-url "$RPC_URL" 2>/dev/null) \
  || { echo "deploy-local: no chain answers at $RPC_URL (start it with scripts/anvil.sh start)" >&2; exit 1; }

json_field() { # file, dotted path
  node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
           const v=process.argv[2].split(".").reduce((a,k)=>a==null?a:a[k],o); console.log(v ?? "")' "$1" "$2"
}

if [[ -f "$DEPLOYMENT_FILE" && "${FORCE_DEPLOY:-0}" != "1" ]]; then
  file_chain=$(json_field "$DEPLOYMENT_FILE" chainId 2>/dev/null || true)
  controller=$(json_field "$DEPLOYMENT_FILE" contracts.hedgeController 2>/dev/null || true)
  if [[ "$file_chain" == "$chain_id" && -n "$controller" ]]; then
    code=$("$CAST" code "$controller" --rpc-url "$RPC_URL" 2>/dev/null || echo 0x)
    if [[ "$code" != "0x" && -n "$code" ]]; then
      echo "deploy-local: already deployed (HedgeController $controller on chain $chain_id; $DEPLOYMENT_FILE)"
      venue=$(json_field "$DEPLOYMENT_FILE" contracts.hedgeVenue 2>/dev/null || true)
      if ! "$CAST" call "$venue" "fundingRate()(uint256)" --rpc-url "$RPC_URL" >/dev/null 2>&1; then
        echo "deploy-local: note: that hedge venue predates venue funding; FORCE_DEPLOY=1 (or scripts/stop.sh and a fresh .local) deploys one that charges it"
      fi
      if [[ "$market_depth" == true && -z "$(json_field "$DEPLOYMENT_FILE" roles.marketMaker 2>/dev/null || true)" ]]; then
        echo "deploy-local: note: that pool predates the market's full-range liquidity, so the replay can strand it outside every range; FORCE_DEPLOY=1 (or scripts/stop.sh and a fresh .local) deploys one with it"
      fi
      exit 0
    fi
  fi
  echo "deploy-local: $DEPLOYMENT_FILE is stale for $RPC_URL; deploying fresh"
fi

# forge may only write under .local/chain of the repo (fs_permissions); the result is moved after success.
mkdir -p "$ROOT/.local/chain" "$(dirname "$DEPLOYMENT_FILE")"
tmp_rel=".local/chain/deployment.$$.tmp.json"
tmp="$ROOT/$tmp_rel"
# The dev chain's deploy keeps its log in .local/chain/deploy.log; any other deploy (tests, with their
# own DEPLOYMENT_FILE) logs to a temporary file, kept only on failure, so it never overwrites that one.
if [[ "$DEPLOYMENT_FILE" == "$LOCAL_DIR/chain/deployment.json" ]]; then
  log="$LOCAL_DIR/chain/deploy.log"
  trap 'rm -f "$tmp"' EXIT
else
  log=$(mktemp "${TMPDIR:-/tmp}/deploy-local.XXXXXX.log")
  trap 'rm -f "$tmp"; [[ -z "${deploy_ok:-}" ]] || rm -f "$log"' EXIT
fi
echo "deploy-local: deploying to $RPC_URL (chain $chain_id); log $log"
if ! DEPLOYMENT_OUT="../$tmp_rel" OPEN_DEMO_HEDGES="$open_hedges" MARKET_DEPTH="$market_depth" "$ROOT/scripts/forge.sh" script script/DeployLocal.s.sol:DeployLocal \
    --rpc-url "$RPC_URL" --broadcast --slow >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "deploy-local: forge script failed (full log: $log)" >&2
  exit 1
fi
controller=$(json_field "$tmp" contracts.hedgeController)
code=$("$CAST" code "$controller" --rpc-url "$RPC_URL")
[[ "$code" != "0x" ]] || { echo "deploy-local: no code at HedgeController $controller after broadcast" >&2; exit 1; }
mv "$tmp" "$DEPLOYMENT_FILE"
deploy_ok=1
echo "deploy-local: deployed HedgeController $controller; addresses in $DEPLOYMENT_FILE"
