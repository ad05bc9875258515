#pragma once

#include <string>

#include "core/metrics.hpp"
#include "scheduler/run.hpp"

namespace sessiond::scheduler {

// The scheduler's series in the process metrics registry. Thread-safe.
class SchedulerMetrics {
 public:
  explicit SchedulerMetrics(core::MetricsRegistry& registry) : registry_(registry) {}

  void RunFinished(const std::string& job, RunStatus status, double seconds);
  // Start minus scheduled instant, for runs of occurrences (not manual ones).
  void Dispatched(double lateness_seconds);
  void Missed(const std::string& job, int64_t count);
  void DeadlineSwept(const std::string& task, double lateness_seconds);
  // Jobs by state: active and paused.
  void SetJobs(int active, int paused);

 private:
  core::MetricsRegistry& registry_;
};

}  // namespace sessiond::scheduler
