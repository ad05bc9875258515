#!/usr/bin/env bash
# Check-in expiry and session closing lateness on the real clock (bench/lateness/lateness.py),
# against a `sessiond serve` of its own (SQLite, loopback, data directory under /tmp).
#
#   bench/lateness/lateness.sh [BUILD_DIR]     (default build/release; about 40 s)
set -euo pipefail
source "$(dirname "$0")/../lib/sessiond_url.sh"
build=${1:-build/release}
here=$(cd "$(dirname "$0")" && pwd)
secret=bench-lateness-secret-0123456789abcdef
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lateness-bench.XXXXXX")
server_pid=
cleanup() {
  [[ -n $server_pid ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT

"$build/sessiond" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" --access-log false \
  --jwt-secret "$secret" > "$tmp/serve.log" 2>&1 &
server_pid=$!
python3 "$here/../checkins/mint_tokens.py" "$secret" 2000 > "$tmp/tokens"
service=$(python3 "$here/../checkins/mint_tokens.py" "$secret" 1 --role service_role --prefix bench-service-)
url=$(sessiond_url "$tmp/serve.log")
python3 "$here/lateness.py" "$url" "$tmp/tokens" "$service"
