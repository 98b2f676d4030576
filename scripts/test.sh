#!/usr/bin/env bash
# README command 2: installs what the tests need (npm tools, Debian's Chromium), starts PostgreSQL,
# and runs every test: the .NET test projects (unit, Postgres, anvil, Playwright) and the forge tests.
# Ends with one line "total: N passed, N failed, N skipped".
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_npm
ensure_apt chromium chromium
scripts/postgres.sh start
export HEDGE_TEST_PG="Host=127.0.0.1;Port=$HEDGE_PG_PORT;Username=postgres;Database=postgres"

results="$HEDGE_LOCAL_DIR/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0

log "dotnet build"
dotnet build HedgeDashboard.sln -nologo -v quiet -clp:ErrorsOnly || die "build failed"

log "dotnet test"
dotnet test HedgeDashboard.sln --no-build -nologo 2>&1 | tee "$results/dotnet.log" || status=1

if [ -x scripts/contracts-test.sh ]; then
  log "forge tests"
  scripts/contracts-test.sh 2>&1 | tee "$results/forge.log" || status=1
fi

# The failed tests by name, each with the first lines of its error message, so the end of a CI log says what broke.
sed 's/\x1b\[[0-9;]*m//g' "$results"/*.log | awk '
  /^[ \t]+Failed [A-Za-z_]|^\[FAIL/ { sub(/^ */, ""); print "failed: " $0; shown = 0; grab = 1; next }
  grab && /Stack Trace:|^[ \t]*$/ { grab = 0 }
  grab && !/Error Message:/ && shown < 8 { print "  " $0; shown++ }
' || true

# One summary over both runners.
cat "$results"/*.log | sed 's/\x1b\[[0-9;]*m//g' | awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
    }
  }
  /tests passed, [0-9]+ failed, [0-9]+ skipped \([0-9]+ total tests\)/ {
    match($0, /[0-9]+ tests passed/); p += substr($0, RSTART, RLENGTH) + 0
    match($0, /passed, [0-9]+ failed/); f += substr($0, RSTART + 8, RLENGTH - 8) + 0
    match($0, /failed, [0-9]+ skipped/); s += substr($0, RSTART + 8, RLENGTH - 8) + 0
  }
  END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s; if (p == 0 || f > 0) exit 1 }
' || status=1
exit $status
