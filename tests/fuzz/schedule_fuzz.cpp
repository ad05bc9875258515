// libFuzzer target for Schedule::Parse and Schedule::NextAfter (DESIGN.md, "Testing": fuzz
// every parser of untrusted input). Built and run by scripts/fuzz.sh with clang++
// -fsanitize=fuzzer,address,undefined; a crash, a sanitizer report or a broken invariant
// (abort) is a finding.
//
// Invariants checked on every schedule that parses, in UTC and in America/New_York, from an
// instant before a spring-forward and one before a fall-back:
//   - each occurrence is strictly after the instant asked about, on a whole second;
//   - asking again from any instant between two occurrences gives the later one;
//   - UTC has no gaps, so no occurrence there is flagged dst_shifted;
//   - an interval is aligned to the epoch, whatever the zone: its occurrences are
//     consecutive multiples of its period (the period is read off the first two).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "core/time_zone.hpp"
#include "core/timestamp.hpp"
#include "scheduler/schedule.hpp"

namespace {

using sessiond::core::TimeZone;
using sessiond::core::Timestamp;
using sessiond::scheduler::Occurrence;
using sessiond::scheduler::Schedule;

// Enough occurrences to cross a DST change for sub-daily schedules, few enough that a rare
// schedule (29 February on a Monday) stays cheap.
constexpr int kOccurrences = 6;
constexpr int64_t kMicrosPerSecond = 1'000'000;
// 2026-03-07T12:00:00Z, a day before New York springs forward; 2026-10-31T12:00:00Z, a day
// before it falls back.
constexpr int64_t kStarts[] = {1'772'884'800, 1'793'448'000};

[[noreturn]] void Fail(const Schedule& schedule, const TimeZone& zone, const char* what,
                       Timestamp after, std::optional<Occurrence> got) {
  std::fprintf(stderr, "schedule_fuzz: '%s' in %s: %s (after %s, got %s)\n",
               schedule.text().c_str(), zone.name().c_str(), what, after.ToRfc3339().c_str(),
               got ? got->at.ToRfc3339().c_str() : "none");
  std::abort();
}

std::vector<Occurrence> Walk(const Schedule& schedule, const TimeZone& zone, Timestamp start) {
  std::vector<Occurrence> out;
  Timestamp after = start;
  for (int i = 0; i < kOccurrences; ++i) {
    std::optional<Occurrence> next = schedule.NextAfter(after, zone);
    if (!next) break;
    if (next->at <= after) Fail(schedule, zone, "occurrence not after", after, next);
    if (next->at.micros() % kMicrosPerSecond != 0) {
      Fail(schedule, zone, "occurrence not on a whole second", after, next);
    }
    if (zone.name() == "UTC" && next->dst_shifted) {
      Fail(schedule, zone, "dst_shifted in UTC", after, next);
    }
    // Any instant from the previous occurrence up to just before this one leads here too.
    for (Timestamp probe : {Timestamp::FromMicros(after.micros() + 1),
                            Timestamp::FromMicros(after.micros() / 2 + next->at.micros() / 2),
                            Timestamp::FromMicros(next->at.micros() - 1)}) {
      if (probe < after || probe >= next->at) continue;
      std::optional<Occurrence> again = schedule.NextAfter(probe, zone);
      if (!again || again->at != next->at) {
        Fail(schedule, zone, "inconsistent with a later query", probe, again);
      }
    }
    out.push_back(*next);
    after = next->at;
  }
  return out;
}

void CheckInterval(const Schedule& schedule, const TimeZone& zone, Timestamp start,
                   const std::vector<Occurrence>& got) {
  if (got.size() < 2) Fail(schedule, zone, "interval stopped firing", start, std::nullopt);
  int64_t period = got[1].at.micros() - got[0].at.micros();
  if (period <= 0 || period % kMicrosPerSecond != 0) {
    Fail(schedule, zone, "interval period not whole seconds", got[0].at, got[1]);
  }
  if (got[0].at.micros() % period != 0 || got[0].at.micros() - start.micros() > period) {
    Fail(schedule, zone, "interval not aligned to the epoch", start, got[0]);
  }
  for (size_t i = 1; i < got.size(); ++i) {
    if (got[i].at.micros() - got[i - 1].at.micros() != period || got[i].dst_shifted) {
      Fail(schedule, zone, "interval not periodic", got[i - 1].at, got[i]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const TimeZone kUtc = TimeZone::Utc();
  static const TimeZone kNewYork = *TimeZone::Find("America/New_York");

  std::string_view text(reinterpret_cast<const char*>(data), size);
  sessiond::core::Result<Schedule> schedule = Schedule::Parse(text);
  if (!schedule) return 0;

  for (int64_t start_seconds : kStarts) {
    Timestamp start = Timestamp::FromSeconds(start_seconds);
    std::vector<Occurrence> utc = Walk(*schedule, kUtc, start);
    std::vector<Occurrence> new_york = Walk(*schedule, kNewYork, start);
    if (!schedule->IsInterval()) continue;
    CheckInterval(*schedule, kUtc, start, utc);
    if (utc != new_york) {
      Fail(*schedule, kNewYork, "interval depends on the zone", start,
           new_york.empty() ? std::nullopt : std::optional<Occurrence>(new_york[0]));
    }
  }
  return 0;
}
