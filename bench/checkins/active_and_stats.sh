#!/usr/bin/env bash
# Reads of who is present and the monitoring counts with many check-ins stored (SQLite):
# fills a fresh database with TOTAL check-ins of which ACTIVE are active
# (bench/checkins/load_checkins.sql.sh), starts sessiond on it, and measures with wrk
# --latency, service-role token, each for DURATION:
#   GET /v1/checkins/active?limit=100     (target p99 <= 5 ms)
#   GET /v1/checkins/active?limit=10000   (target p99 <= 15 ms)
#   GET /v1/checkins/stats                (target p99 <= 20 ms)
# at 1 connection (the latency of one request on an otherwise idle server) and at 8
# connections (wrk -t2; queueing on two cores included), then the server's RSS
# (target <= 200 MB).
#
#   bench/checkins/active_and_stats.sh [BUILD_DIR]     (default build/release)
#
# Environment: TOTAL (default 1000000), ACTIVE (default 10000), DURATION (default 10s),
# CONNECTIONS (default "1 8").
set -euo pipefail
source "$(dirname "$0")/../lib/sessiond_url.sh"
build=${1:-build/release}
total=${TOTAL:-1000000}
active=${ACTIVE:-10000}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-1 8}
here=$(cd "$(dirname "$0")" && pwd)
secret=bench-checkins-secret-0123456789abcdef
tmp=$(mktemp -d "${TMPDIR:-/tmp}/checkin-reads.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
db="$tmp/data/sessiond.db"
mkdir -p "$tmp/data"

"$build/sessiond" migrate --database "sqlite:$db" --data-dir "$tmp/data" >/dev/null
start=$(date +%s.%N)
"$here/load_checkins.sql.sh" "$total" "$active" "$(date +%s%6N)" | sqlite3 "$db" >/dev/null
printf 'loaded %d check-ins (%d active) in %.1f s, database %d MB\n' "$total" "$active" \
  "$(echo "$(date +%s.%N) - $start" | bc)" "$(( $(stat -c %s "$db") / 1048576 ))"

"$build/sessiond" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" --database "sqlite:$db" \
  --access-log false --jwt-secret "$secret" > "$tmp/serve.log" 2>&1 &
pids+=($!)
server_pid=$!
url=$(sessiond_url "$tmp/serve.log")
rss_kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$server_pid/status"; }
printf 'RSS after start: %d MB\n' "$(( $(rss_kb VmRSS) / 1024 ))"

token=$(python3 "$here/mint_tokens.py" "$secret" 1 --role service_role --prefix bench-service-)
auth="Authorization: Bearer $token"
# What the answers hold, once: the page sizes and the counts.
for q in "active?limit=100" "active?limit=10000"; do
  curl -sf -H "$auth" "$url/v1/checkins/$q" > "$tmp/body"
  python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); print("GET /v1/checkins/%s: %d items, %d bytes, next_cursor %s" % (sys.argv[2], len(b["items"]), len(open(sys.argv[1]).read()), "set" if b["next_cursor"] else "null"))' "$tmp/body" "$q"
done
echo "GET /v1/checkins/stats: $(curl -sf -H "$auth" "$url/v1/checkins/stats")"

printf '%-34s %5s %9s %9s %9s %9s\n' "request" "conns" "req/s" "p50 ms" "p99 ms" "target"
for c in $connections; do
  for spec in "active?limit=100 5" "active?limit=10000 15" "stats 20"; do
    read -r q target <<<"$spec"
    threads=$((c < 2 ? 1 : 2))
    out=$(wrk -t"$threads" -c"$c" -d"$duration" --timeout 30s --latency -H "$auth" "$url/v1/checkins/$q")
    if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "non-2xx answers" >&2; exit 1; fi
    # wrk prints 1.23ms, 456.78us or 1.02s: in ms.
    ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }'; }
    p50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    printf '%-34s %5d %9.0f %9.2f %9.2f %7s ms\n' "GET /v1/checkins/$q" "$c" "$rps" "$p50" "$p99" "$target"
  done
done
printf 'RSS now %d MB, peak %d MB (target <= 200 MB)\n' "$(( $(rss_kb VmRSS) / 1024 ))" \
  "$(( $(rss_kb VmHWM) / 1024 ))"
