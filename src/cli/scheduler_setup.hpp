#pragma once

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "domains/domain.hpp"
#include "scheduler/job_service.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/task_registry.hpp"
#include "store/database.hpp"

namespace sessiond::cli {

// A name for this process among nodes: the configured one, or host-pid-random.
std::string NodeId(const core::SchedulerConfig& config);

// The scheduler, the families and what they own, for every command that touches jobs.
struct SchedulerParts {
  core::Config config;  // the families keep a reference to it
  scheduler::TaskRegistry tasks;
  std::unique_ptr<scheduler::JobService> jobs;
  std::unique_ptr<store::SessionLock> leadership;
  std::unique_ptr<scheduler::Scheduler> scheduler;
  std::vector<std::unique_ptr<domains::Domain>> domains;

  // The built-in jobs `serve` installs when missing (editable afterwards like any job): the
  // scheduler's own and every family's.
  std::vector<scheduler::Job> DefaultJobs() const;
  // Installs the missing default jobs. Errors: the store's.
  core::Result<void> InstallDefaultJobs(store::Database& db) const;
};

// Builds (does not start) the scheduler of `db` with every task this binary ships, the
// families' included. The advisory lock key is fixed, so every node of one database competes
// for the same lock.
std::unique_ptr<SchedulerParts> BuildScheduler(store::Database& db, const core::Clock& clock,
                                               core::MetricsRegistry& metrics,
                                               const core::Config& config);

}  // namespace sessiond::cli
