#!/usr/bin/env bash
# Prints the resident set size of an idle `sessiond serve` on a fresh SQLite database.
set -euo pipefail
binary=${1:-build/release/sessiond}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$binary" serve --listen 127.0.0.1:0 --data-dir "$dir/data" --access-log false 2> "$dir/log" &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$dir/log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$dir/log" | head -1)
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3
cat <&3 > /dev/null
exec 3<&-
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "idle RSS: $((rss_kb / 1024)) MB ($rss_kb kB)"
