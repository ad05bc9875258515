#!/usr/bin/env bash
# Builds the schedule parser's fuzz target with clang++ and libFuzzer (ASan + UBSan, every
# sanitizer report fatal) and runs it for SECONDS on the committed seed corpus.
# Usage: scripts/fuzz.sh SECONDS
#
# The main build uses g++, which has no libFuzzer, so the few sources the target needs are
# compiled here directly into build/fuzz/schedule_fuzz (rebuilt when a source under src/core,
# src/scheduler or tests/fuzz changed). The fuzzer works in a temporary copy of the corpus, so
# the repository is not modified. A finding (crash, sanitizer report, broken invariant,
# timeout, out of memory) is kept under build/fuzz/findings/ and makes the script fail.
set -euo pipefail
duration=${1:?usage: scripts/fuzz.sh SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out=build/fuzz
binary=$out/schedule_fuzz
sources=(
  tests/fuzz/schedule_fuzz.cpp
  src/scheduler/cron_matcher.cpp src/scheduler/cron_parser.cpp src/scheduler/schedule.cpp
  src/core/civil_time.cpp src/core/clock.cpp src/core/duration.cpp src/core/error.cpp
  src/core/time_zone.cpp src/core/timestamp.cpp
)
mkdir -p "$out"
if [ ! -x "$binary" ] ||
   [ -n "$(find src/core src/scheduler tests/fuzz scripts/fuzz.sh -newer "$binary" -print -quit)" ]; then
  echo "fuzz: building $binary"
  clang++ -std=c++20 -O1 -g -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -DUSE_OS_TZDB=1 -Isrc "${sources[@]}" -ldate-tz -o "$binary.tmp"
  mv "$binary.tmp" "$binary"
fi

rm -rf "$out/findings"  # from an earlier run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp tests/fuzz/corpus/schedule/* "$work/corpus/"

status=0
(cd "$work" && ASAN_OPTIONS=detect_leaks=1 "$root/$binary" \
  -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 -max_len=256 \
  -dict="$root/tests/fuzz/schedule.dict" -artifact_prefix="$work/artifacts/" \
  -print_final_stats=1 corpus > "$work/log" 2>&1) || status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
findings=$(find "$work/artifacts" -type f | wc -l)
if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
  mkdir -p "$out/findings"
  cp "$work/log" "$out/findings/schedule.log"
  cp -r "$work/artifacts/." "$out/findings/" 2>/dev/null || true
  tail -n 40 "$work/log" >&2
  [ "$findings" -ne 0 ] || findings=1
  echo "fuzz: schedule ${duration} s, ${runs:-?} runs, ${findings} findings (kept in $out/findings/)" >&2
  exit 1
fi
echo "fuzz: schedule ${duration} s, ${runs:-?} runs, 0 findings"
