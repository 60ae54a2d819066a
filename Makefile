# Gatehouse: the two everyday commands are `make run` and `make test`.
.PHONY: run dev test lint bench bench-cold tools

# Builds (release) and starts the console on http://127.0.0.1:3000, SQLite in ./data/.
run:
	@.ci/build-run.sh
	LEPTOS_ENV=PROD target/release/gatehouse

# Hot reload while editing: `cargo leptos watch` (installs cargo-leptos and
# the wasm-bindgen CLI the first time, which takes a while). `--split` cuts
# the WASM at the lazy islands, as `cargo xtask` does.
dev:
	@.ci/ensure-tools.sh dev
	cargo leptos watch --split

# Every test: Rust on SQLite and PostgreSQL, then Playwright in Chromium.
test:
	@.ci/test.sh

# rustfmt and clippy, warnings as errors.
lint:
	@.ci/ensure-tools.sh build
	@.ci/lint.sh

# Release benchmarks: SSR and sign-in throughput, page weight, memory.
bench:
	@.ci/bench.sh

# A new user's set-up time: fresh clone, empty caches, `make run` until the
# console serves; then the rebuild after a one-line change.
bench-cold:
	@.ci/bench-cold.sh

tools:
	@.ci/ensure-tools.sh test
