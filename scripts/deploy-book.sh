#!/usr/bin/env bash
# Deploys an LP's book on a dev chain (any chain id): WETH/USDC 0.05 %, WBTC/WETH 0.3 % and USDC/DAI 0.01 % Uniswap v3
# pools (token decimals 18, 6, 8, 18) with one position each of dev account BOOK_LP_INDEX (default 4) and a full-range
# one of the market (account 6, the book simulator's mover), USD feeds for WETH
# and USDC and a sequencer uptime feed, and writes the addresses to a JSON file (contracts/script/DeployBook.s.sol).
# Usage: scripts/deploy-book.sh RPC_URL BOOK_FILE [DEPLOYMENT_FILE]
#   DEPLOYMENT_FILE  reuse that deployment's Uniswap factory, position manager and router (the main dev chain);
#                    without it the script deploys Uniswap v3 itself.
# Idempotent: when BOOK_FILE exists for this chain id and its position manager has code there, it does nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RPC_URL="${1:?usage: deploy-book.sh RPC_URL BOOK_FILE [DEPLOYMENT_FILE]}"
BOOK_FILE="${2:?usage: deploy-book.sh RPC_URL BOOK_FILE [DEPLOYMENT_FILE]}"
DEPLOYMENT_FILE="${3:-}"
CAST="$ROOT/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
[[ -x "$CAST" ]] || { echo "deploy-book: $CAST not found; run 'npm ci' in $ROOT" >&2; exit 1; }
chain_id=$("$CAST" chain-id --rpc-url "$RPC_URL" 2>/dev/null) \
  || { echo "deploy-book: no chain answers at $RPC_URL" >&2; exit 1; }
json_field() { node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  const v=process.argv[2].split(".").reduce((a,k)=>a==null?a:a[k],o); console.log(v ?? "")' "$1" "$2"; }

if [[ -f "$BOOK_FILE" && "${FORCE_DEPLOY:-0}" != "1" ]]; then
  npm_addr=$(json_field "$BOOK_FILE" nonfungiblePositionManager 2>/dev/null || true)
  # A book file from before the feeds or the market's full-range liquidity existed is redeployed (the valuation needs
  # the feeds; the simulator's swaps need liquidity outside the LP's ranges).
  if [[ "$(json_field "$BOOK_FILE" chainId 2>/dev/null || true)" == "$chain_id" && -n "$npm_addr" \
        && -n "$(json_field "$BOOK_FILE" feeds.WETH 2>/dev/null || true)" \
        && -n "$(json_field "$BOOK_FILE" marketMaker 2>/dev/null || true)" ]]; then
    code=$("$CAST" code "$npm_addr" --rpc-url "$RPC_URL" 2>/dev/null || echo 0x)
    [[ "$code" != "0x" && -n "$code" ]] && { echo "deploy-book: already deployed on chain $chain_id ($BOOK_FILE)"; exit 0; }
  fi
fi

if [[ -n "$DEPLOYMENT_FILE" ]]; then
  export BOOK_FACTORY=$(json_field "$DEPLOYMENT_FILE" contracts.uniswapV3Factory)
  export BOOK_POSITION_MANAGER=$(json_field "$DEPLOYMENT_FILE" contracts.nonfungiblePositionManager)
  export BOOK_SWAP_ROUTER=$(json_field "$DEPLOYMENT_FILE" contracts.swapRouter)
fi
# forge may only write under .local/chain of the repo (fs_permissions); the result is moved after success.
mkdir -p "$ROOT/.local/chain" "$(dirname "$BOOK_FILE")"
tmp_rel=".local/chain/book.$$.tmp.json"
log=$(mktemp "${TMPDIR:-/tmp}/deploy-book.XXXXXX.log")
trap 'rm -f "$ROOT/$tmp_rel"' EXIT
if ! BOOK_OUT="../$tmp_rel" "$ROOT/scripts/forge.sh" script script/DeployBook.s.sol:DeployBook \
    --rpc-url "$RPC_URL" --broadcast --slow >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "deploy-book: forge script failed (full log: $log)" >&2
  exit 1
fi
mv "$ROOT/$tmp_rel" "$BOOK_FILE"
rm -f "$log"
echo "deploy-book: chain $chain_id book in $BOOK_FILE"
