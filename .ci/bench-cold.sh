#!/usr/bin/env bash
# `make bench-cold`: the set-up a new user meets, on this machine. A fresh
# clone with empty cargo and npm caches (every crate and npm package is
# downloaded again), then `make run` until /login answers; then a one-line
# change in `app` and `make run` again (the warm rebuild). The wasm32 target
# is taken as installed (`rustup target add` took about 20 s here).
# Prints the figures next to their budgets; takes 10+ minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

work=$(mktemp -d /tmp/gatehouse-cold.XXXXXX)
server=
cleanup() {
  [ -n "$server" ] && kill -- -"$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
git clone -q "$root" "$work/gatehouse"
export CARGO_HOME="$work/cargo-home" npm_config_cache="$work/npm-cache"
export CARGO_TARGET_DIR="$work/gatehouse/target"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LEPTOS_SITE_ADDR="127.0.0.1:$port" GATEHOUSE_DATA_DIR="$work/data" PUBLIC_URL="http://127.0.0.1:$port" RUST_LOG=warn

# `make run` in its own process group; seconds until /login answers 200.
serve_seconds() {
  local log=$1 start
  start=$(date +%s.%N)
  setsid make -C "$work/gatehouse" run > "$log" 2>&1 &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do
    kill -0 "$server" 2>/dev/null || { tail -30 "$log" >&2; echo "make run stopped before serving" >&2; exit 1; }
    sleep 0.5
  done
  python3 -c "import time; print(round(time.time() - $start, 1))"
  kill -- -"$server"; wait "$server" 2>/dev/null || true
  server=
}

say "cold: fresh clone, empty caches, make run until /login answers (log: $work/cold.log)"
cold=$(serve_seconds "$work/cold.log")
say "warm: one line changed in app/src/pages/login.rs, make run again"
printf '\n// %s\n' "warm rebuild probe $(date +%s)" >> "$work/gatehouse/app/src/pages/login.rs"
warm=$(serve_seconds "$work/warm.log")

python3 - "$cold" "$warm" <<'PY'
import os, sys
cold, warm = map(float, sys.argv[1:])
ok = lambda b: "ok" if b else "MISSED"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"machine: {os.cpu_count()} cores, {cpu}")
print(f"{'cold make run to a serving /login':38} {cold/60:8.1f} min  budget <= 10 min {ok(cold <= 600)}")
print(f"{'warm make run after a one-line change':38} {warm:8.0f} s    budget <= 60 s {ok(warm <= 60)}")
PY
