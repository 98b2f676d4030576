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
# The LP's book (dev account 4): three more pools of fee tiers 0.05/0.3/0.01 % and token decimals 18/6/8/18 and a v2
# WETH/USDC pair on this chain (its Uniswap v3) and on a second chain with its own Uniswap (HEDGE_BOOK=0 skips both).
if [ "${HEDGE_BOOK:-1}" = "1" ]; then
  HEDGE_ANVIL_INSTANCE=2 scripts/anvil.sh start
  RPC_URL2="$(HEDGE_ANVIL_INSTANCE=2 scripts/anvil.sh url)"
  BOOK1="$HEDGE_LOCAL_DIR/chain/book-31337.json"
  BOOK2="$HEDGE_LOCAL_DIR/chain/book-$HEDGE_ANVIL2_CHAIN_ID.json"
  # A fresh main deployment has a fresh Uniswap: the book on it follows (deploy-book.sh skips a book still live).
  [ "$BOOK1" -nt "$DEPLOYMENT_FILE" ] || rm -f "$BOOK1"
  scripts/deploy-book.sh "$RPC_URL" "$BOOK1" "$DEPLOYMENT_FILE"
  scripts/deploy-book.sh "$RPC_URL2" "$BOOK2"
  book_field() { node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
    console.log(process.argv[2].split(".").reduce((a,k)=>a[k],o))' "$1" "$2"; }
  export Chains__0__Id=31337 Chains__0__Name=anvil Chains__0__RpcUrls__0="$RPC_URL" Chains__0__DeploymentFile="$DEPLOYMENT_FILE"
  export Chains__1__Id="$HEDGE_ANVIL2_CHAIN_ID" Chains__1__Name=anvil-2 Chains__1__RpcUrls__0="$RPC_URL2"
  export Chains__1__PositionManager="$(book_field "$BOOK2" nonfungiblePositionManager)" Chains__1__Factory="$(book_field "$BOOK2" uniswapV3Factory)"
  # USD valuation: each book's WETH and USDC have feeds (WBTC and DAI are priced through the pools' TWAPs); the second
  # chain plays a rollup with a sequencer uptime feed (docs/decisions/0021-usd-valuation-and-sequencer-gate.md).
  for i in 0 1; do
    book=$([ "$i" = 0 ] && echo "$BOOK1" || echo "$BOOK2")
    for sym in WETH USDC; do
      export "Chains__${i}__PriceFeeds__$(book_field "$book" "tokens.$sym")=$(book_field "$book" "feeds.$sym")"
    done
  done
  export Chains__1__SequencerUptimeFeed="$(book_field "$BOOK2" sequencerUptimeFeed)"
  export Workers__Book__TwapWindowSeconds="${Workers__Book__TwapWindowSeconds:-10}" Workers__Book__MaxDeviation="${Workers__Book__MaxDeviation:-0.05}"
  # The simulator moves both books' pools with real ETH and BTC hours (and the feeds with them).
  export Workers__Simulator__Books__0__RpcUrl="$RPC_URL" Workers__Simulator__Books__0__BookFile="$BOOK1"
  export Workers__Simulator__Books__1__RpcUrl="$RPC_URL2" Workers__Simulator__Books__1__BookFile="$BOOK2"
  export Workers__Simulator__BtcDataFile="${Workers__Simulator__BtcDataFile:-${HEDGE_SHARED_DATA:-$REPO_ROOT/../shared/data}/BTCUSDT_1h_binance_spot.csv.gz}"
  # Each book also holds the LP's liquidity tokens of a Uniswap v2 WETH/USDC pair and a UNI/WETH pair (UNI has no
  # feed: priced through that pair's TWAP), and has a LINK/USDC pool the LP holds nothing in, read only to price LINK
  # (docs/decisions/0026-pricing-pools-and-v2-price-paths.md).
  for i in 0 1; do
    book=$([ "$i" = 0 ] && echo "$BOOK1" || echo "$BOOK2")
    export "Chains__${i}__V2Pairs__0=$(book_field "$book" v2Pairs.0)" "Chains__${i}__V2Pairs__1=$(book_field "$book" pricing.v2Pair)"
    export "Chains__${i}__PricingPools__0=$(book_field "$book" pricing.pricingPool)"
  done
  BOOK_LP="$(book_field "$BOOK2" lp)"
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
  log "importing the real ETH/USD and BTC/USD hourly history (HEDGE_IMPORT_HISTORY=0 skips)"
  scripts/hedge db migrate
  scripts/hedge import --data "${HEDGE_SHARED_DATA:-$REPO_ROOT/../shared/data}/ETHUSDT_1h_binance_spot.csv.gz" --pair ETH/USD --source binance
  scripts/hedge import --data "${HEDGE_SHARED_DATA:-$REPO_ROOT/../shared/data}/BTCUSDT_1h_binance_spot.csv.gz" --pair BTC/USD --source binance
  # The book's WBTC/WETH pool has no exchange file of its own: its history is BTC/USD over ETH/USD of the same hours.
  scripts/hedge derive --pair BTC/ETH --base BTC/USD --quote ETH/USD --source binance
fi

if [ "${HEDGE_BOOK:-1}" = "1" ]; then
  # Track the book's LP on both chains (idempotent), so the chain followers discover its positions.
  scripts/hedge db migrate
  scripts/postgres.sh psql -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO chains (id, name) VALUES (31337, 'anvil'), ($HEDGE_ANVIL2_CHAIN_ID, 'anvil-2') ON CONFLICT (id) DO NOTHING;
INSERT INTO tracked_wallets (chain_id, address, label, is_active) VALUES (31337, '${BOOK_LP,,}', 'demo book', true), ($HEDGE_ANVIL2_CHAIN_ID, '${BOOK_LP,,}', 'demo book', true)
  ON CONFLICT (chain_id, address) DO NOTHING;
SQL
fi

log "building the dashboard"
dotnet build src/HedgeDashboard.Web -nologo -v quiet -clp:ErrorsOnly
log "dashboard on http://127.0.0.1:$HEDGE_WEB_PORT (Ctrl+C to stop)"
[ "$ASPNETCORE_ENVIRONMENT" = "Development" ] && log "demo users (development only): viewer / Viewer-dev-2026!  approver / Approver-dev-2026!  admin / Admin-dev-2026!"
exec dotnet run --project src/HedgeDashboard.Web --no-build --no-launch-profile -- --urls "http://127.0.0.1:$HEDGE_WEB_PORT"
