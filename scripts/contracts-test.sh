#!/usr/bin/env bash
# Contracts CI: forge fmt --check, forge build, forge test with the ci profile (bounded fuzz runs).
# Then the anvil smoke test of the local-market deploy (own anvil on a free port; skip with
# CONTRACTS_SKIP_ANVIL=1). Offline; needs only `npm ci` at the repo root.
# Usage: scripts/contracts-test.sh [extra forge test args]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FORGE_SH="$ROOT/scripts/forge.sh"
export FOUNDRY_PROFILE="${FOUNDRY_PROFILE:-ci}"
start=$(date +%s)
echo "== forge fmt --check"
"$FORGE_SH" fmt --check
echo "== forge build"
# solcjs (wasm) dies with "memory access out of bounds" when one compile holds every contract, script and test
# (87 files): build in parts on forge's cache (contracts, scripts, then each test file); the last build finds nothing left.
"$FORGE_SH" build src
"$FORGE_SH" build script
for t in "$ROOT"/contracts/test/*.t.sol; do
  "$FORGE_SH" build "test/$(basename "$t")"
done
"$FORGE_SH" build
echo "== forge test (profile $FOUNDRY_PROFILE)"
"$FORGE_SH" test "$@"
if [[ "${CONTRACTS_SKIP_ANVIL:-0}" != "1" ]]; then
  echo "== anvil deploy smoke test"
  # cast reads FOUNDRY_PROFILE too, and there is no foundry.toml at the repo root.
  env -u FOUNDRY_PROFILE "$ROOT/scripts/anvil-deploy-test.sh"
fi
echo "contracts-test: ok in $(( $(date +%s) - start )) s"
