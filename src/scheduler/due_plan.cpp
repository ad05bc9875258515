#include "scheduler/due_plan.hpp"

namespace sessiond::scheduler {

DuePlan PlanDue(const Schedule& schedule, const core::TimeZone& zone, Occurrence next_at,
                core::Timestamp now, CatchUp policy, core::Duration window) {
  DuePlan plan;
  const core::Timestamp window_start = now - window;

  // Occurrences before the window are only counted; jump over them when there are many.
  std::optional<Occurrence> cursor = next_at;
  while (cursor && cursor->at < window_start && cursor->at <= now && plan.missed < kMissedCountLimit) {
    ++plan.missed;
    plan.last_handled = cursor->at;
    cursor = schedule.NextAfter(cursor->at, zone);
  }
  if (cursor && cursor->at < window_start) {
    // Still before the window after the counting bound: resume from the window's start.
    cursor = schedule.NextAfter(window_start - core::Duration::Micros(1), zone);
  }

  // The occurrences within the window, up to now: at most window / period of them.
  std::vector<Occurrence> in_window;
  while (cursor && cursor->at <= now) {
    in_window.push_back(*cursor);
    cursor = schedule.NextAfter(cursor->at, zone);
  }
  plan.next = cursor;
  if (in_window.empty()) return plan;
  plan.last_handled = in_window.back().at;

  if (now - in_window.back().at <= kOnTimeTolerance) {
    plan.on_time = in_window.back();
    in_window.pop_back();
  }
  plan.missed += int64_t(in_window.size());
  switch (policy) {
    case CatchUp::kNone:
      break;
    case CatchUp::kLatest:
      if (!in_window.empty()) plan.catch_up.push_back(in_window.back());
      break;
    case CatchUp::kAll: {
      size_t run = std::min(in_window.size(), size_t(kCatchUpLimit));
      plan.catch_up.assign(in_window.begin(), in_window.begin() + run);
      plan.skipped.assign(in_window.begin() + run, in_window.end());
      break;
    }
  }
  return plan;
}

}  // namespace sessiond::scheduler
