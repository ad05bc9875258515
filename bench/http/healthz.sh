#!/usr/bin/env bash
# GET /healthz throughput of sessiond against a minimal Beast server (the yardstick), with
# wrk -t2 -c64 -d10s on each in turn, in one run; prints both rates and their ratio.
#
#   bench/http/healthz.sh SESSIOND_URL MINIMAL_URL   both servers already running, e.g.
#                                                    http://127.0.0.1:8080 http://127.0.0.1:8081
#   bench/http/healthz.sh [BUILD_DIR]                start both from BUILD_DIR (default
#                                                    build/release) on free ports, stop after:
#                                                    `sessiond serve` if built, else
#                                                    bench/http/http_server_bench
#
# Environment: DURATION (default 10s), ROUNDS (default 1; with more, the runs alternate and
# the best of each is kept, which evens out a noisy machine).
set -euo pipefail

duration=${DURATION:-10s}
rounds=${ROUNDS:-1}
pids=()
tmp=$(mktemp -d)
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# start VAR COMMAND...: starts COMMAND in the background (killed on exit) and sets VAR to
# http://HOST:PORT from its "listening on" line. Not in a $(...) subshell, so that the pid
# reaches the cleanup.
start() {
  local var=$1
  shift
  local log
  log="$tmp/$(basename "$1").log"
  "$@" > "$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    if grep -q "listening on" "$log"; then
      printf -v "$var" '%s' "$(sed -n 's/.*listening on \([0-9.]*:[0-9]*\).*/http:\/\/\1/p' "$log" | head -1)"
      return
    fi
    sleep 0.1
  done
  echo "$1 did not start:" >&2
  cat "$log" >&2
  exit 1
}

if [[ $# -ge 2 ]]; then
  sessiond_url=$1
  minimal_url=$2
else
  build=${1:-build/release}
  if [[ -x "$build/sessiond" ]]; then
    start sessiond_url "$build/sessiond" serve --listen 127.0.0.1:0 \
      --data-dir "$tmp/data" --access-log false
  else
    start sessiond_url "$build/bench/http/http_server_bench" 127.0.0.1:0
  fi
  start minimal_url "$build/bench/http/minimal_beast_server" 127.0.0.1:0
fi

# Requests per second of one wrk run.
rate() {
  wrk -t2 -c64 -d"$duration" "$1/healthz" | awk '/^Requests\/sec:/ {print $2}'
}

best_sessiond=0
best_minimal=0
for _ in $(seq 1 "$rounds"); do
  s=$(rate "$sessiond_url")
  m=$(rate "$minimal_url")
  best_sessiond=$(awk -v a="$best_sessiond" -v b="$s" 'BEGIN {print (b > a ? b : a)}')
  best_minimal=$(awk -v a="$best_minimal" -v b="$m" 'BEGIN {print (b > a ? b : a)}')
done

printf 'sessiond  %s  %10.0f req/s\n' "$sessiond_url" "$best_sessiond"
printf 'minimal   %s  %10.0f req/s\n' "$minimal_url" "$best_minimal"
awk -v s="$best_sessiond" -v m="$best_minimal" \
  'BEGIN {printf "ratio     %.1f %% of minimal (target >= 80 %%)\n", 100 * s / m}'
