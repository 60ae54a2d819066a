#!/usr/bin/env bash
# Installs what building Gatehouse needs, once; quick when already there.
#   ensure-tools.sh build   the wasm target and the npm tools in end2end/
#                           (binaryen's wasm-opt, lightningcss, terser)
#   ensure-tools.sh test    the same, plus Debian's Chromium for Playwright
#   ensure-tools.sh dev     the same as build, plus cargo-leptos and the
#                           wasm-bindgen CLI for `make dev` (hot reload)
# The site itself is built by `cargo xtask` (xtask/), which needs neither
# cargo-leptos nor the wasm-bindgen CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing the Node tools (wasm-opt, lightningcss, terser, Playwright, maildev) in end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if [ "${1:-build}" = test ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  say "installing Debian's chromium for the browser tests"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi

if [ "${1:-build}" = dev ]; then
  CARGO_LEPTOS_VERSION=0.3.10
  # Must equal the `wasm-bindgen` pinned in Cargo.toml.
  WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION for make dev (once per machine, ~17 min)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION for make dev"
    # Not --locked: its lock file names a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
fi
