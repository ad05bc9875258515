#pragma once

#include <string_view>

#include "core/timestamp.hpp"
#include "scheduler/scheduler.hpp"

namespace sessiond::checkins {

// The task whose sweep ends check-ins at their expiry (and, as a job, the safety net).
inline constexpr std::string_view kExpireTask = "expire-checkins";

// Tells the scheduler when the next check-in expires, so that its sweep runs at that instant
// rather than at the next poll (DESIGN.md, "Scheduler": deadlines).
class ExpiryDeadlines {
 public:
  explicit ExpiryDeadlines(scheduler::Scheduler& scheduler) : scheduler_(scheduler) {}
  void ExpiresAt(core::Timestamp at) { scheduler_.WakeAt(kExpireTask, at); }

 private:
  scheduler::Scheduler& scheduler_;
};

}  // namespace sessiond::checkins
