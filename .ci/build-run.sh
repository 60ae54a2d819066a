#!/usr/bin/env bash
# What `make run` builds: the release server and the optimised site. The
# server build starts first and runs beside everything else (installing the
# npm tools, compiling xtask, the WASM), so neither core waits while the
# other works through a long single-crate step.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p gatehouse --bin gatehouse &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
.ci/ensure-tools.sh build
cargo xtask site --release
wait "$server"
trap - EXIT
