# Gatehouse: the two everyday commands are `make run` and `make test`.
.PHONY: run dev test lint bench tools

# Builds (release) and starts the console on http://127.0.0.1:3000, SQLite in ./data/.
run:
	@.ci/ensure-tools.sh build
	PATH="$(CURDIR)/end2end/node_modules/.bin:$$PATH" cargo leptos build --release
	node .ci/precompress.mjs target/site/pkg
	LEPTOS_ENV=PROD target/release/gatehouse

# The same with a debug build (faster to build, slower to run).
dev:
	@.ci/ensure-tools.sh build
	cargo leptos serve

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

tools:
	@.ci/ensure-tools.sh test
