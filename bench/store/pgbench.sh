#!/usr/bin/env bash
# The store benchmark's INSERT through pgbench, for comparison with store_bench's PostgreSQL
# figure: same table, same row shape, 64 clients, prepared statements, autocommit.
#
#   bench/store/pgbench.sh [SECONDS]      (default 10)
#
# Needs SESSIOND_TEST_PG_URL (run under scripts/with-postgres); pgbench comes from
# SESSIOND_TEST_PG_BIN or /usr/lib/postgresql/15/bin.
set -euo pipefail
seconds="${1:-10}"
url="${SESSIOND_TEST_PG_URL:?run under scripts/with-postgres (SESSIOND_TEST_PG_URL is not set)}"
bin="${SESSIOND_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"
readonly clients=64
readonly threads=2

script="$(mktemp "${TMPDIR:-/tmp}/store-pgbench.XXXXXX.sql")"
trap 'rm -f "$script"' EXIT

# UUIDv7-like keys (a millisecond timestamp first, then random bits), as store_bench's
# UuidGenerator::NewV7 makes: random v4 keys would scatter the B-tree inserts and measure
# something else.
cat >"$script" <<'SQL'
\set user random(0, 9999)
INSERT INTO bench_sessions (id, user_id, created_at)
VALUES (overlay(overlay(md5(random()::text) placing
          lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
          from 1 for 12) placing '7' from 13 for 1)::uuid,
        'user-' || :user, now());
SQL

"$bin/psql" -q -X -v ON_ERROR_STOP=1 "$url" <<'SQL'
DROP TABLE IF EXISTS bench_sessions;
CREATE TABLE bench_sessions (id uuid PRIMARY KEY, user_id text NOT NULL,
                             created_at timestamptz NOT NULL);
SQL

out="$("$bin/pgbench" -n -M prepared -c "$clients" -j "$threads" -T "$seconds" -f "$script" "$url" 2>&1)" || {
  echo "$out" >&2
  exit 1
}
tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -n 1)"
rows="$("$bin/psql" -Atq -X "$url" -c "SELECT count(*) FROM bench_sessions")"
"$bin/psql" -q -X "$url" -c "DROP TABLE bench_sessions"
printf '%-9s %-8s %11d %5d %8d %8d %10.0f %8s ok\n' "pgbench" "prepared" "$clients" "$clients" \
  "$rows" "$seconds" "$tps" "-"
