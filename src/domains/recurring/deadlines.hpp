#pragma once

#include <optional>

#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "scheduler/scheduler.hpp"
#include "store/connection.hpp"

namespace sessiond::recurring {

inline constexpr std::string_view kActivateTask = "activate-scheduled-sessions";
inline constexpr std::string_view kCloseTask = "auto-close-expired-sessions";

// The next instants a sweep has work: read inside a unit of work, armed after its commit.
struct NextDue {
  std::optional<core::Timestamp> activation;
  std::optional<core::Timestamp> closing;

  // Errors: the store's.
  static core::Result<NextDue> Read(store::Connection& c, core::Timestamp now);
};

// Tells the scheduler when the sweeps have work, so that a session is activated at its
// valid_from and closed at its valid_until, not at the next safety-net run. Only the earliest
// instant of each sweep is armed: each sweep arms the next one when it finishes. A null
// scheduler (benchmarks, tools) arms nothing. Thread-safe (Scheduler::WakeAt is).
class Deadlines {
 public:
  explicit Deadlines(scheduler::Scheduler* scheduler) : scheduler_(scheduler) {}
  void Arm(const NextDue& next) const;

 private:
  scheduler::Scheduler* scheduler_;
};

}  // namespace sessiond::recurring
