#!/usr/bin/env bash
# Builds the fuzz targets with clang++ and libFuzzer (ASan + UBSan, every sanitizer report
# fatal) and runs each for SECONDS on its committed seed corpus: the schedule parser, and the
# recurring family's rule parser and recurring_config conversion.
# Usage: scripts/fuzz.sh SECONDS
#
# The main build uses g++, which has no libFuzzer, so the few sources the target needs are
# compiled here directly into build/fuzz/<target> (rebuilt when a source it uses changed). The fuzzer works in a temporary copy of the corpus, so
# the repository is not modified. A finding (crash, sanitizer report, broken invariant,
# timeout, out of memory) is kept under build/fuzz/findings/ and makes the script fail.
set -euo pipefail
duration=${1:?usage: scripts/fuzz.sh SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out=build/fuzz
mkdir -p "$out"
rm -rf "$out/findings"  # from an earlier run
core=(src/core/civil_time.cpp src/core/clock.cpp src/core/duration.cpp src/core/error.cpp
      src/core/time_zone.cpp src/core/timestamp.cpp)
failed=0

# fuzz_target NAME "DIRS WATCHED" "EXTRA LINK FLAGS" SOURCES...
fuzz_target() {
  local name=$1 watched=$2 libs=$3
  shift 3
  local binary=$out/${name}_fuzz
  # shellcheck disable=SC2086
  if [ ! -x "$binary" ] ||
     [ -n "$(find $watched tests/fuzz scripts/fuzz.sh -newer "$binary" -print -quit)" ]; then
    echo "fuzz: building $binary"
    # shellcheck disable=SC2086
    clang++ -std=c++20 -O1 -g -fno-omit-frame-pointer \
      -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
      -DUSE_OS_TZDB=1 -Isrc "$@" -ldate-tz $libs -o "$binary.tmp"
    mv "$binary.tmp" "$binary"
  fi

  local work
  work=$(mktemp -d)
  mkdir -p "$work/corpus" "$work/artifacts"
  cp "tests/fuzz/corpus/$name"/* "$work/corpus/"

  local status=0
  (cd "$work" && ASAN_OPTIONS=detect_leaks=1 "$root/$binary" \
    -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 -max_len=256 \
    -dict="$root/tests/fuzz/$name.dict" -artifact_prefix="$work/artifacts/" \
    -print_final_stats=1 corpus > "$work/log" 2>&1) || status=$?

  local runs findings
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  findings=$(find "$work/artifacts" -type f | wc -l)
  if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
    mkdir -p "$out/findings/$name"
    cp "$work/log" "$out/findings/$name/$name.log"
    cp -r "$work/artifacts/." "$out/findings/$name/" 2>/dev/null || true
    tail -n 40 "$work/log" >&2
    [ "$findings" -ne 0 ] || findings=1
    echo "fuzz: $name ${duration} s, ${runs:-?} runs, ${findings} findings (kept in $out/findings/$name/)" >&2
    failed=1
  else
    echo "fuzz: $name ${duration} s, ${runs:-?} runs, 0 findings"
  fi
  rm -rf "$work"
}

fuzz_target schedule "src/core src/scheduler" "" \
  tests/fuzz/schedule_fuzz.cpp \
  src/scheduler/cron_matcher.cpp src/scheduler/cron_parser.cpp src/scheduler/schedule.cpp \
  "${core[@]}"

fuzz_target recurring_rule "src/core src/domains/recurring" "$(pkg-config --libs libical)" \
  tests/fuzz/recurring_rule_fuzz.cpp \
  src/domains/recurring/rule.cpp src/domains/recurring/series.cpp \
  src/domains/recurring/time_of_day.cpp src/domains/recurring/recurring_config.cpp \
  src/core/json.cpp "${core[@]}"

exit "$failed"
