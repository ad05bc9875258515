#!/usr/bin/env bash
# Realtime fan-out on one node (SQLite): SUBSCRIBERS SSE streams on `presence` and
# RATE check-ins per second for SECONDS, each delivered to every subscriber
# (bench/realtime/fanout.py: counts, client-side and server-side commit-to-delivery lag).
# Target: p99 <= 50 ms with 1,000 subscribers at 1,000 events/s.
#
#   bench/realtime/fanout.sh [BUILD_DIR]     (default build/release)
#
# Environment: SUBSCRIBERS (default 1000), RATE (default 1000), DURATION_S (default 10),
# READERS (client processes reading the streams, default 1).
set -euo pipefail
source "$(dirname "$0")/../lib/sessiond_url.sh"
build=${1:-build/release}
subscribers=${SUBSCRIBERS:-1000}
rate=${RATE:-1000}
seconds=${DURATION_S:-10}
readers=${READERS:-1}
here=$(cd "$(dirname "$0")" && pwd)
secret=bench-realtime-secret-0123456789abcdef
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fanout-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n 8192

"$build/sessiond" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" --access-log false \
  --jwt-secret "$secret" > "$tmp/serve.log" 2>&1 &
pids+=($!)
server_pid=$!
python3 "$here/../checkins/mint_tokens.py" "$secret" "$(awk -v r="$rate" -v s="$seconds" 'BEGIN {print int(r * s)}')" \
  --prefix fanout-user- > "$tmp/tokens"
service=$(python3 "$here/../checkins/mint_tokens.py" "$secret" 1 --role service_role --prefix bench-service-)
url=$(sessiond_url "$tmp/serve.log")

python3 "$here/fanout.py" "$url" "$service" "$tmp/tokens" --subscribers "$subscribers" \
  --rate "$rate" --seconds "$seconds" --readers "$readers"
printf 'sessiond RSS now %d MB, peak %d MB\n' \
  "$(( $(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status") / 1024 ))" \
  "$(( $(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status") / 1024 ))"
