// Next-occurrence computation, Schedule::NextAfter, for typical cron expressions in a zone
// with DST (Europe/Berlin) and in UTC, plus an interval for scale. Each iteration asks for the
// occurrence after the previous one, as the scheduler does after every run; the walk restarts
// from the same instant every kWalk steps so all iterations cost alike. Prints occurrences
// per second (items_per_second); asserts nothing.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "core/time_zone.hpp"
#include "core/timestamp.hpp"
#include "scheduler/schedule.hpp"

namespace sessiond::bench {
namespace {

using core::Timestamp;
using scheduler::Occurrence;
using scheduler::Schedule;

// 2026-03-20T12:00:00Z: Berlin's spring-forward (29 March) falls inside the walk of the daily
// schedule, so the DST path is part of what is measured.
constexpr int64_t kStartSeconds = 1'774'008'000;
constexpr int kWalk = 64;

void BM_NextAfter(benchmark::State& state, const char* expression, const char* zone_name) {
  core::Result<Schedule> schedule = Schedule::Parse(expression);
  core::Result<core::TimeZone> zone = core::TimeZone::Find(zone_name);
  if (!schedule || !zone) {
    std::fprintf(stderr, "schedule_bench: cannot parse '%s' in %s\n", expression, zone_name);
    std::exit(1);
  }
  const Timestamp start = Timestamp::FromSeconds(kStartSeconds);
  Timestamp after = start;
  int step = 0;
  for (auto _ : state) {
    std::optional<Occurrence> next = schedule->NextAfter(after, *zone);
    benchmark::DoNotOptimize(next);
    after = (++step % kWalk == 0 || !next) ? start : next->at;
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_NextAfter, daily_berlin, "5 0 * * *", "Europe/Berlin");
BENCHMARK_CAPTURE(BM_NextAfter, daily_utc, "5 0 * * *", "UTC");
BENCHMARK_CAPTURE(BM_NextAfter, business_15m_berlin, "*/15 9-17 * * MON-FRI", "Europe/Berlin");
BENCHMARK_CAPTURE(BM_NextAfter, business_15m_utc, "*/15 9-17 * * MON-FRI", "UTC");
BENCHMARK_CAPTURE(BM_NextAfter, every_90s_berlin, "every 90s", "Europe/Berlin");

}  // namespace
}  // namespace sessiond::bench

BENCHMARK_MAIN();
