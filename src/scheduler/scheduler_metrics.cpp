#include "scheduler/scheduler_metrics.hpp"

namespace sessiond::scheduler {

void SchedulerMetrics::RunFinished(const std::string& job, RunStatus status, double seconds) {
  registry_
      .GetCounter("sessiond_job_runs_total", "Job runs by job and final status",
                  {{"job", job}, {"status", std::string(RunStatusName(status))}})
      .Inc();
  registry_
      .GetHistogram("sessiond_job_run_duration_seconds", "Time from a run's start to its end",
                    core::LatencyBuckets(), {{"job", job}})
      .Observe(seconds);
}

void SchedulerMetrics::Dispatched(double lateness_seconds) {
  registry_
      .GetHistogram("sessiond_scheduler_dispatch_lateness_seconds",
                    "Start of a run minus the instant its occurrence was due",
                    core::LatencyBuckets())
      .Observe(lateness_seconds);
}

void SchedulerMetrics::Missed(const std::string& job, int64_t count) {
  registry_
      .GetCounter("sessiond_job_missed_occurrences_total",
                  "Occurrences that came due while no scheduler ran", {{"job", job}})
      .Inc(uint64_t(count));
}

void SchedulerMetrics::DeadlineSwept(const std::string& task, double lateness_seconds) {
  registry_
      .GetHistogram("sessiond_scheduler_deadline_lateness_seconds",
                    "Start of a deadline sweep minus its deadline", core::LatencyBuckets(),
                    {{"task", task}})
      .Observe(lateness_seconds);
}

void SchedulerMetrics::SetJobs(int active, int paused) {
  registry_.GetGauge("sessiond_jobs", "Jobs by state", {{"state", "active"}}).Set(active);
  registry_.GetGauge("sessiond_jobs", "Jobs by state", {{"state", "paused"}}).Set(paused);
}

}  // namespace sessiond::scheduler
