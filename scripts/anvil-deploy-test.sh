#!/usr/bin/env bash
# Smoke test of the local-market deploy on a private anvil (own free loopback port, killed at exit):
#  1. scripts/deploy-local.sh deploys and writes the file; 2. a second run says "already deployed";
#  3. a RatioUpdate signed by cast's own EIP-712 implementation (model signer, account 8) and sent by the
#     operator (account 9) is accepted; 4. the same update sent again is rejected;
#  5. a real swap through SwapRouter moves the pool's tick; 6. on a fresh chain the stale file is redeployed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ANVIL="$ROOT/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
CAST="$ROOT/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
MNEMONIC="test test test test test test test test test test test junk"
WORK="$(mktemp -d)"
export DEPLOYMENT_FILE="$WORK/deployment.json"
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
RPC="http://127.0.0.1:$PORT"
ANVIL_PID=""

start_anvil() {
  "$ANVIL" --host 127.0.0.1 --port "$PORT" --chain-id 31337 >"$WORK/anvil.log" 2>&1 &
  ANVIL_PID=$!
  for _ in $(seq 1 100); do "$CAST" chain-id --rpc-url "$RPC" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "anvil did not start" >&2; cat "$WORK/anvil.log" >&2; exit 1
}
stop_anvil() { [[ -n "$ANVIL_PID" ]] && kill "$ANVIL_PID" 2>/dev/null && wait "$ANVIL_PID" 2>/dev/null; ANVIL_PID=""; }
trap 'stop_anvil || true; rm -rf "$WORK"' EXIT
field() { node -e 'const o=require(process.argv[1]);console.log(process.argv[2].split(".").reduce((a,k)=>a[k],o))' "$DEPLOYMENT_FILE" "$1"; }
fail() { echo "anvil-deploy-test: FAIL: $*" >&2; exit 1; }
ok() { echo "anvil-deploy-test: ok: $*"; }

# The running dev chain's deploy log (if any) must survive this test's deploys.
DEV_LOG="$ROOT/.local/chain/deploy.log"
dev_log_sum() { if [[ -f "$DEV_LOG" ]]; then cksum <"$DEV_LOG"; else echo none; fi; }
DEV_LOG_BEFORE=$(dev_log_sum)

start_anvil
"$ROOT/scripts/deploy-local.sh" "$RPC"
[[ -f "$DEPLOYMENT_FILE" ]] || fail "no deployment file"
[[ "$(dev_log_sum)" == "$DEV_LOG_BEFORE" ]] || fail "the dev chain's $DEV_LOG was overwritten"
ok "deployed (the dev chain's deploy.log untouched)"

"$ROOT/scripts/deploy-local.sh" "$RPC" | grep -q "already deployed" || fail "second run did not skip"
ok "second run skipped"

CONTROLLER=$(field contracts.hedgeController)
VENUE=$(field contracts.hedgeVenue)
[[ "$("$CAST" call "$CONTROLLER" "positionCount()(uint256)" --rpc-url "$RPC")" == "3" ]] || fail "positionCount != 3"

SIGNER_PK=$("$CAST" wallet private-key "$MNEMONIC" 8)
OPERATOR_PK=$("$CAST" wallet private-key "$MNEMONIC" 9)
NOW=$("$CAST" block latest -f timestamp --rpc-url "$RPC")
DEADLINE=$((NOW + 600))
RATIO=600000000000000000   # 0.6
SIZE=2000000000000000000   # 2 WETH short
TYPED=$(cat <<JSON
{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
"RatioUpdate":[{"name":"positionId","type":"uint256"},{"name":"newRatio","type":"uint256"},{"name":"targetHedgeSize","type":"uint256"},{"name":"nonce","type":"uint256"},{"name":"deadline","type":"uint256"}]},
"primaryType":"RatioUpdate","domain":{"name":"HedgeController","version":"1","chainId":31337,"verifyingContract":"$CONTROLLER"},
"message":{"positionId":1,"newRatio":"$RATIO","targetHedgeSize":"$SIZE","nonce":0,"deadline":$DEADLINE}}
JSON
)
SIG=$("$CAST" wallet sign --private-key "$SIGNER_PK" --data "$TYPED")
SIGFN="updateRatio((uint256,uint256,uint256,uint256,uint256),bytes)"
ARGS="(1,$RATIO,$SIZE,0,$DEADLINE)"
RECEIPT=$("$CAST" send "$CONTROLLER" "$SIGFN" "$ARGS" "$SIG" --private-key "$OPERATOR_PK" --rpc-url "$RPC" --json) \
  || fail "signed update rejected"
GAS=$(node -e 'console.log(Number(JSON.parse(process.argv[1]).gasUsed))' "$RECEIPT")
[[ "$("$CAST" call "$CONTROLLER" "nonceOf(uint256)(uint256)" 1 --rpc-url "$RPC")" == "1" ]] || fail "nonce not advanced"
HEDGE=$("$CAST" call "$VENUE" "hedgeOf(uint256)(uint256,uint256)" 1 --rpc-url "$RPC" | head -1 | awk '{print $1}')
[[ "$HEDGE" == "$SIZE" ]] || fail "venue hedge size $HEDGE != $SIZE"
ok "cast-signed EIP-712 update accepted (hedge $HEDGE, tx gasUsed $GAS)"

if "$CAST" send "$CONTROLLER" "$SIGFN" "$ARGS" "$SIG" --private-key "$OPERATOR_PK" --rpc-url "$RPC" >/dev/null 2>"$WORK/replay.err"; then
  fail "replayed update accepted"
fi
# 0x0b41e052 = InvalidNonce(uint256,uint256,uint256)
grep -q "0x0b41e052" "$WORK/replay.err" || { cat "$WORK/replay.err" >&2; fail "replay rejected for another reason"; }
ok "replayed update rejected with InvalidNonce"

WETH=$(field contracts.weth); USDC=$(field contracts.usdc); ROUTER=$(field contracts.swapRouter); POOL=$(field contracts.pool)
TRADER_PK=$("$CAST" wallet private-key "$MNEMONIC" 4)
TRADER=$("$CAST" wallet address --private-key "$TRADER_PK")
TICK0=$("$CAST" call "$POOL" "slot0()(uint160,int24,uint16,uint16,uint16,uint8,bool)" --rpc-url "$RPC" | sed -n 2p | awk '{print $1}')
"$CAST" send "$WETH" "deposit()" --value 1ether --private-key "$TRADER_PK" --rpc-url "$RPC" >/dev/null
"$CAST" send "$WETH" "approve(address,uint256)" "$ROUTER" 1000000000000000000 --private-key "$TRADER_PK" --rpc-url "$RPC" >/dev/null
"$CAST" send "$ROUTER" "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))" \
  "($WETH,$USDC,500,$TRADER,$DEADLINE,1000000000000000000,0,0)" --private-key "$TRADER_PK" --rpc-url "$RPC" >/dev/null
TICK1=$("$CAST" call "$POOL" "slot0()(uint160,int24,uint16,uint16,uint16,uint8,bool)" --rpc-url "$RPC" | sed -n 2p | awk '{print $1}')
GOT=$("$CAST" call "$USDC" "balanceOf(address)(uint256)" "$TRADER" --rpc-url "$RPC" | awk '{print $1}')
[[ "$TICK1" != "$TICK0" && "$GOT" -gt 2900000000 ]] || fail "swap: tick $TICK0 -> $TICK1, USDC out $GOT"
ok "swap 1 WETH -> $GOT USDC units moved tick $TICK0 -> $TICK1"

stop_anvil
start_anvil
"$ROOT/scripts/deploy-local.sh" "$RPC" | grep -q "deployed HedgeController" || fail "stale file not redeployed"
[[ "$("$CAST" code "$(field contracts.hedgeController)" --rpc-url "$RPC")" != "0x" ]] || fail "no controller after redeploy"
ok "fresh chain with a stale file redeployed"
echo "anvil-deploy-test: all ok"
