#!/usr/bin/env bash
# Runs every benchmark against the release build given and prints the figures.
# Called by `make bench` under scripts/with-postgres (SESSIOND_TEST_PG_URL is set).
set -euo pipefail
build=${1:-build/release}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

echo "== HTTP: GET /healthz, sessiond vs a minimal Beast server (wrk -t2 -c64 -d10s)"
bench/http/healthz.sh "$build"

echo "== store: single-row inserts from 64 concurrent requesters"
"$build/bench/store/store_bench"
bench/store/pgbench.sh

echo "== scheduler: next occurrence (schedule_bench); dispatch lateness and burst (dispatch_bench)"
"$build/bench/scheduler/schedule_bench" --benchmark_min_time=0.5 && "$build/bench/scheduler/dispatch_bench"

echo "== scheduler: sessiond simulate of a year of the default jobs on an empty database"
bench/scheduler/simulate_year.sh "$build"

echo "== idle RSS of sessiond serve"
bench/idle_rss.sh "$build/sessiond"

echo "== check-ins: POST /v1/checkins throughput (wrk -t2 -c64) vs PostgreSQL (seed 003 INSERT) and Redis (SET EX + ZADD)"
bench/checkins/checkin_throughput.sh "$build"

echo "== check-ins: GET /v1/checkins/active and /stats with 1,000,000 stored, 10,000 active; RSS"
bench/checkins/active_and_stats.sh "$build"

echo "== lateness on the real clock: check-in expiry, session closing"
bench/lateness/lateness.sh "$build"

echo "== realtime: 1,000 SSE subscribers on presence, 1,000 check-ins/s, commit-to-delivery lag"
bench/realtime/fanout.sh "$build"

echo "== recurring: generate 30 days for 1,000 weekly templates; sweeps over 100,000 sessions"
"$build/bench/recurring/recurring_bench"
bench/recurring/plpgsql_peer.sh
