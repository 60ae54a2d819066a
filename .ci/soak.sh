#!/usr/bin/env bash
# The soak of `make bench` (also `make soak`): SOAK_SECS (default 300) of
# sign-ins far past the hashing capacity, mixed with signed-in page views
# and /v1 calls, against a running release server. Prints one JSON object:
# the status codes of each kind, the p99 of the sign-ins admitted (not
# refused 503), the offered sign-in rate against the capacity, and the
# server's RSS at start and end.
#   soak.sh BASE SERVER_PID COOKIE API_KEY TOKEN OPERATOR_ID CAPACITY_PER_SEC
set -euo pipefail
base=$1 pid=$2 cookie=$3 api_key=$4 token=$5 operator=$6 capacity=$7
secs=${SOAK_SECS:-300}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }

# Counts each answer's status per thread; at the end prints them, and the
# p99 of the admitted answers: the refused ones (503, answered at once)
# are the fastest, so the admitted p99 is the overall percentile at
# refused + 99 % of the rest.
counting='
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total, all = {}, 0
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("counts")) do total[s] = (total[s] or 0) + n; all = all + n end
  end
  local parts = {}
  for s, n in pairs(total) do table.insert(parts, string.format("\"%d\": %d", s, n)) end
  local refused = total[503] or 0
  local f = all > 0 and refused / all or 0
  local admitted_p = math.min(99.999, 100 * (f + 0.99 * (1 - f)))
  local refused_p = math.max(0.001, 100 * f * 0.99)
  io.write(string.format("{\"statuses\": {%s}, \"requests\": %d, \"admitted_p99_ms\": %.1f, \"refused_p99_ms\": %.1f}\n",
    table.concat(parts, ", "), all, latency:percentile(admitted_p) / 1000, latency:percentile(refused_p) / 1000))
end
'
# Each of the 64 clients pauses between its sign-ins so that together they
# offer about 2.8 times what the cores can hash (a closed loop without pauses
# would offer whatever the refusals allow, many times more).
pause_ms=$(python3 -c "print(max(1, round(1000 * 64 / (2.8 * $capacity))))")
cat > "$work/sign_in.lua" <<LUA
local n = 0
delay = function() return $pause_ms end
request = function()
  n = n % 64 + 1
  return wrk.format("POST", "/api/sign_in", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Origin"] = "$base",
  }, "email=bench" .. n .. "%40example.com&password=bench-passphrase-42")
end
$counting
LUA
# Page views and /v1 calls at a steady 100 a second each (4 clients, a
# 40 ms pause after each answer): the mix beside the sign-ins, not a
# second load test.
printf 'delay = function() return 40 end\n%s\n' "$counting" > "$work/count.lua"

# A probe beside the load: one sign-in every 100 ms, timed one by one, so
# the admitted and the refused answers' latencies are told apart.
cat > "$work/probe.py" <<'PY'
import http.client, json, sys, time, urllib.parse
base, secs = urllib.parse.urlsplit(sys.argv[1]), float(sys.argv[2])
body = urllib.parse.urlencode({"email": "bench64@example.com", "password": "bench-passphrase-42"})
headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json", "Origin": sys.argv[1]}
times = {}
end = time.monotonic() + secs
while time.monotonic() < end:
    t0 = time.monotonic()
    c = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    try:
        c.request("POST", "/api/sign_in", body, headers)
        status = c.getresponse().status
    except OSError:
        status = 0
    finally:
        c.close()
    times.setdefault(status, []).append((time.monotonic() - t0) * 1000)
    time.sleep(max(0.0, 0.1 - (time.monotonic() - t0)))
p99 = lambda v: round(sorted(v)[min(len(v) - 1, int(len(v) * 0.99))], 1) if v else None
print(json.dumps({"statuses": {str(s): len(v) for s, v in times.items()},
                  "admitted_p99_ms": p99(times.get(200, [])), "refused_p99_ms": p99(times.get(503, []))}))
PY

rss_start=$(rss)
wrk -t2 -c64 -d"${secs}s" --timeout 10s -s "$work/sign_in.lua" "$base/api/sign_in" > "$work/sign_in.out" 2>&1 &
a=$!
wrk -t1 -c4 -d"${secs}s" --timeout 10s -s "$work/count.lua" -H "Cookie: $cookie" "$base/" > "$work/pages.out" 2>&1 &
b=$!
wrk -t1 -c4 -d"${secs}s" --timeout 10s -s "$work/count.lua" -H "X-Soracom-API-Key: $api_key" -H "X-Soracom-Token: $token" \
  "$base/v1/operators/$operator" > "$work/api.out" 2>&1 &
c=$!
python3 "$work/probe.py" "$base" "$secs" > "$work/probe.out" &
d=$!
wait $a $b $c $d
rss_end=$(rss)
python3 - "$secs" "$capacity" "$rss_start" "$rss_end" "$work" <<'PY'
import json, sys
secs, capacity, rss_start, rss_end, work = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def last_json(name):
    lines = [l for l in open(f"{work}/{name}.out") if l.startswith("{")]
    if not lines:
        raise SystemExit(f"wrk printed no counts for {name}: {open(f'{work}/{name}.out').read()}")
    return json.loads(lines[-1])
r = {k: last_json(k) for k in ("sign_in", "pages", "api", "probe")}
r["secs"] = secs
r["capacity_per_sec"] = capacity
r["offered_sign_ins_per_sec"] = r["sign_in"]["requests"] / secs
r["rss_kib"] = {"start": rss_start, "end": rss_end}
print(json.dumps(r))
PY
