#pragma once

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "scheduler/job_service.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/task_registry.hpp"
#include "store/database.hpp"

namespace sessiond::cli {

// Every task this binary ships, registered.
void RegisterTasks(scheduler::TaskRegistry& tasks);

// The built-in jobs `serve` installs when missing (editable afterwards like any job).
std::vector<scheduler::Job> DefaultJobs();

// Installs the missing default jobs. Errors: the store's.
core::Result<void> InstallDefaultJobs(store::Database& db, const scheduler::JobService& jobs);

// A name for this process among nodes: the configured one, or host-pid-random.
std::string NodeId(const core::SchedulerConfig& config);

// The scheduler and what it owns, for `serve` and `simulate`.
struct SchedulerParts {
  scheduler::TaskRegistry tasks;
  std::unique_ptr<scheduler::JobService> jobs;
  std::unique_ptr<store::SessionLock> leadership;
  std::unique_ptr<scheduler::Scheduler> scheduler;
};

// Builds (does not start) the scheduler of `db`. The advisory lock key is fixed, so every node
// of one database competes for the same lock.
std::unique_ptr<SchedulerParts> BuildScheduler(store::Database& db, const core::Clock& clock,
                                               core::MetricsRegistry& metrics,
                                               const core::SchedulerConfig& config);

}  // namespace sessiond::cli
