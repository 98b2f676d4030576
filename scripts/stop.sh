#!/usr/bin/env bash
# Stops the local services that scripts/run.sh and scripts/test.sh started (data stays in .local/).
source "$(dirname "$0")/lib.sh"
"$REPO_ROOT/scripts/anvil.sh" stop
HEDGE_ANVIL_INSTANCE=2 "$REPO_ROOT/scripts/anvil.sh" stop
"$REPO_ROOT/scripts/postgres.sh" stop
