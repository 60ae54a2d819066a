#!/usr/bin/env bash
# Runs every test: the Rust tests on SQLite and PostgreSQL, then the
# Playwright suite (hydrated and without JavaScript) against a real server.
#
# PostgreSQL: GATEHOUSE_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432)
# must accept connections. If it does not, the PostgreSQL tests are skipped
# with a notice -- unless GATEHOUSE_REQUIRE_PG=1 (as in CI), which fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

.ci/ensure-tools.sh test

pg_url=${GATEHOUSE_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}
pg_hostport=$(printf '%s' "$pg_url" | sed -E 's#^[a-z]+://([^@/]*@)?([^/?]+).*#\2#')
pg_host=${pg_hostport%:*}; pg_port=${pg_hostport##*:}; [ "$pg_port" = "$pg_hostport" ] && pg_port=5432
if (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; then
  export GATEHOUSE_SKIP_PG=0
  say "PostgreSQL at $pg_host:$pg_port: store tests run on SQLite and PostgreSQL"
elif [ "${GATEHOUSE_REQUIRE_PG:-0}" = 1 ]; then
  echo "PostgreSQL is required (GATEHOUSE_REQUIRE_PG=1) but $pg_host:$pg_port does not answer" >&2
  exit 1
else
  export GATEHOUSE_SKIP_PG=1
  printf '\033[1;33m==> SKIPPING the PostgreSQL tests: nothing answers at %s:%s (set GATEHOUSE_TEST_PG_URL)\033[0m\n' "$pg_host" "$pg_port"
fi

say "Rust tests: account logic (app, ssr), server, site builder"
cargo test -p app --features ssr
cargo test -p gatehouse
cargo test -p xtask

# The browser gets exactly the files `make run` serves (release WASM through
# wasm-opt, minified JS and CSS, precompressed); the server is the debug
# build the Rust tests above already compiled most of.
say "building the console for the browser tests"
cargo xtask build --release-site

say "Playwright (Chromium): hydrated and JavaScript disabled"
(cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test --project hydrated --project no-js)

if [ "$GATEHOUSE_SKIP_PG" = 1 ]; then
  printf '\033[1;33m==> all tests passed, but the PostgreSQL store tests were SKIPPED\033[0m\n'
fi
