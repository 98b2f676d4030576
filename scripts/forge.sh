#!/usr/bin/env bash
# Run forge (npm @foundry-rs/forge) on the contracts/ project from any working directory, offline,
# with solc from the npm shim. Usage: scripts/forge.sh build | test [-vvv] | fmt | script ...
# FOUNDRY_PROFILE (default|ci) selects the profile in contracts/foundry.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FORGE="$ROOT/node_modules/@foundry-rs/forge-linux-amd64/bin/forge"
if [[ ! -x "$FORGE" ]]; then
  echo "forge.sh: $FORGE not found; run 'npm ci' in $ROOT first" >&2
  exit 1
fi
if [[ ! -f "$ROOT/node_modules/solc/package.json" ]]; then
  echo "forge.sh: npm solc missing; run 'npm ci' in $ROOT first" >&2
  exit 1
fi
cd "$ROOT/contracts"
# Commands that compile accept --offline; fmt and others do not need it.
case "${1:-}" in
  build|test|script|snapshot|coverage|inspect|create|verify-bytecode)
    cmd="$1"; shift
    exec "$FORGE" "$cmd" --offline "$@"
    ;;
  *)
    exec "$FORGE" "$@"
    ;;
esac
