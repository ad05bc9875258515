#!/usr/bin/env bash
# POST /v1/checkins throughput of sessiond (SQLite backend) with wrk -t2 -c64, each request
# signed for the next of USERS pre-minted users (bench/checkins/checkin.lua), and the peers
# users would pick instead, at the same concurrency where they can be run:
#   - PostgreSQL: seed 003's `sessions` table (without the auth.users foreign key) and its
#     INSERT through pgbench, 64 and 8 clients (needs SESSIOND_TEST_PG_URL: run under
#     scripts/with-postgres; skipped otherwise);
#   - Redis: `SET key EX 3600` + `ZADD active` in one round trip (one EVALSHA of a two-call
#     script), appendfsync everysec, redis-benchmark 64 and 8 clients (skipped when
#     redis-server is not installed).
#
#   bench/checkins/checkin_throughput.sh [BUILD_DIR]     (default build/release)
#
# Environment: DURATION (default 10s), USERS (default 200000), CONNECTIONS (default 64).
set -euo pipefail
source "$(dirname "$0")/../lib/sessiond_url.sh"
build=${1:-build/release}
duration=${DURATION:-10s}
users=${USERS:-200000}
conns=${CONNECTIONS:-64}
here=$(cd "$(dirname "$0")" && pwd)
secret=bench-checkins-secret-0123456789abcdef
tmp=$(mktemp -d "${TMPDIR:-/tmp}/checkin-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
secs=${duration%s}

"$build/sessiond" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" --access-log false \
  --jwt-secret "$secret" > "$tmp/serve.log" 2>&1 &
pids+=($!)
server_pid=$!
python3 "$here/mint_tokens.py" "$secret" "$users" > "$tmp/tokens"
url=$(sessiond_url "$tmp/serve.log")

echo "-- sessiond POST /v1/checkins, wrk -t2 -c$conns -d$duration, $users users in rotation"
TOKENS_FILE="$tmp/tokens" WRK_THREADS=2 wrk -t2 -c"$conns" -d"$duration" --latency \
  -s "$here/checkin.lua" "$url" | tee "$tmp/wrk.out"
sessiond_rate=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
read -r new old other < <(sed -n 's/^statuses: 201=\([0-9]*\) 200=\([0-9]*\) other=\([0-9]*\)/\1 \2 \3/p' "$tmp/wrk.out")
new_rate=$(awk -v n="$new" -v o="$old" -v x="$other" -v r="$sessiond_rate" 'BEGIN {printf "%.0f", r * n / (n + o + x)}')
rss=$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")
printf 'sessiond  %10.0f check-ins/s (201 new: %s, 200 heartbeats: %s, other: %s; new ones %s/s), peak RSS %d MB (target >= 30,000/s)\n' \
  "$sessiond_rate" "$new" "$old" "$other" "$new_rate" "$((rss / 1024))"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

declare -A peer
if [[ -n ${SESSIOND_TEST_PG_URL:-} ]]; then
  pgbin=${SESSIOND_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
  cat > "$tmp/insert.sql" <<'SQL'
INSERT INTO sessions (user_id, expires_at) VALUES (gen_random_uuid(), now() + interval '1 hour');
SQL
  for clients in "$conns" 8; do
    # Seed 003's table and indexes; gen_random_uuid() (built in since PostgreSQL 13) in place
    # of uuid_generate_v4() (the uuid-ossp extension), and no auth.users to reference.
    "$pgbin/psql" -q -X -v ON_ERROR_STOP=1 "$SESSIOND_TEST_PG_URL" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS sessions;
CREATE TABLE sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL,
  checked_in_at TIMESTAMPTZ DEFAULT NOW(),
  expires_at TIMESTAMPTZ NOT NULL,
  status TEXT DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_sessions_user ON sessions(user_id);
CREATE INDEX idx_sessions_active ON sessions(status, expires_at);
CREATE INDEX idx_sessions_expires ON sessions(expires_at);
SQL
    out=$("$pgbin/pgbench" -n -M prepared -c "$clients" -j 2 -T "$secs" -f "$tmp/insert.sql" \
      "$SESSIOND_TEST_PG_URL" 2>&1) || { echo "$out" >&2; exit 1; }
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
    peer["postgres-$clients"]=$tps
    printf 'postgres  %10.0f inserts/s   (pgbench -M prepared -c %d -j 2 -T %s, seed 003 INSERT)\n' \
      "$tps" "$clients" "$secs"
  done
  "$pgbin/psql" -q -X "$SESSIOND_TEST_PG_URL" -c "DROP TABLE sessions"
else
  echo "postgres  not measured (SESSIOND_TEST_PG_URL not set: run under scripts/with-postgres)"
fi

if command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$tmp/redis"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$tmp/redis" --save '' \
    --appendonly yes --appendfsync everysec --daemonize no > "$tmp/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  # One round trip: the key with its TTL and the member of the `active` sorted set (score:
  # its expiry), atomically, as a user of Redis would write a check-in.
  sha=$(redis-cli -p "$port" SCRIPT LOAD \
    "local t = redis.call('TIME'); redis.call('SET', KEYS[1], ARGV[1], 'EX', 3600); return redis.call('ZADD', 'active', t[1] + 3600, KEYS[1])")
  for clients in "$conns" 8; do
    redis-cli -p "$port" FLUSHALL >/dev/null
    requests=${REDIS_REQUESTS:-500000}
    out=$(redis-benchmark -p "$port" -c "$clients" -n "$requests" -r "$users" --threads 2 -q \
      EVALSHA "$sha" 1 "checkin:__rand_int__" '{"metadata":{}}' 2>&1 | tr '\r' '\n')
    rps=$(grep -o '[0-9.]* requests per second' <<<"$out" | tail -1 | awk '{print $1}')
    peer["redis-$clients"]=$rps
    printf 'redis     %10.0f check-ins/s (redis-benchmark -c %d --threads 2, EVALSHA SET EX + ZADD, appendfsync everysec; %s keys)\n' \
      "$rps" "$clients" "$(redis-cli -p "$port" DBSIZE)"
  done
else
  echo "redis     not measured (redis-server / redis-benchmark not installed: apt-get install redis-server)"
fi

for k in "${!peer[@]}"; do
  awk -v s="$sessiond_rate" -v p="${peer[$k]}" -v k="$k" \
    'BEGIN {printf "ratio     sessiond / %-12s %5.2f\n", k, s / p}'
done | sort
