#!/usr/bin/env bash
# `sessiond simulate` of one year of the default jobs of every family on an empty database
# (issue 3: target < 2 s). Prints the runs simulated, the wall time, the time per run and the
# peak RSS. Usage: bench/scheduler/simulate_year.sh [BUILD] (default build/release).
set -euo pipefail
build=$(cd "${1:-build/release}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"  # nothing of the simulation is written outside its own temporary copy; this is belt and braces
/usr/bin/time -f "%e %M" -o "$work/time" \
  "$build/sessiond" simulate --empty --from 2026-01-01T00:00:00Z --to 2027-01-01T00:00:00Z \
  --log-level warn >"$work/runs.txt"
read -r seconds rss_kb <"$work/time"
runs=$(sed -n 's/^summary: \([0-9]*\) run(s).*/\1/p' "$work/runs.txt")
python3 - "$runs" "$seconds" "$rss_kb" <<'PY'
import sys
runs, seconds, rss_kb = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"simulate, a year of the default jobs: {runs:,} runs in {seconds:.1f} s "
      f"({seconds / runs * 1e6:.0f} us a run), peak RSS {rss_kb / 1024:.0f} MB (target < 2 s)")
PY
