#!/usr/bin/env bash
# Formatting and clippy, warnings as errors, for the server side (ssr), the
# server binary and the browser side (hydrate, wasm32).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p gatehouse --all-targets -- -D warnings
cargo clippy -p xtask --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --target-dir target/front -- -D warnings
