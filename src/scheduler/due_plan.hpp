#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/duration.hpp"
#include "core/time_zone.hpp"
#include "core/timestamp.hpp"
#include "scheduler/job.hpp"
#include "scheduler/schedule.hpp"

namespace sessiond::scheduler {

// How late an occurrence may be dispatched and still count as on time (trigger `schedule`)
// rather than missed. Covers the loop's own latency and a quick restart.
inline constexpr core::Duration kOnTimeTolerance = core::Duration::Seconds(10);
// The most missed occurrences one job runs in one catch-up pass; beyond it they are recorded
// skipped.
inline constexpr int kCatchUpLimit = 1000;
// Enumeration bound for missed occurrences before the window (they are only counted).
inline constexpr int64_t kMissedCountLimit = 100'000;

// What to do with a job whose next occurrence `next_at` is not in the future.
struct DuePlan {
  std::optional<Occurrence> on_time;       // run with trigger `schedule`
  std::vector<Occurrence> catch_up;        // run with trigger `catch_up`, oldest first
  std::vector<Occurrence> skipped;         // recorded `skipped`: over the per-pass limit
  int64_t missed = 0;                      // occurrences that were due but not run on time
  std::optional<Occurrence> next;          // the first occurrence after `now`
  core::Timestamp last_handled;            // the newest occurrence dealt with (<= now)
};

// Sorts the occurrences from `next_at` to `now` (inclusive) into on time, caught up, skipped
// and dropped, following the job's catch-up policy:
//  - the newest one is on time when it is at most kOnTimeTolerance old;
//  - the older ones (all of them, when none is on time) were missed: `none` drops them,
//    `latest` runs the newest missed one within the window, `all` runs every missed one
//    within the window, oldest first, up to kCatchUpLimit (the rest are skipped).
// Pure: depends only on its arguments.
DuePlan PlanDue(const Schedule& schedule, const core::TimeZone& zone, Occurrence next_at,
                core::Timestamp now, CatchUp policy, core::Duration window);

}  // namespace sessiond::scheduler
