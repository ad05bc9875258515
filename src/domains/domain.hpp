#pragma once

#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "http/router.hpp"
#include "scheduler/job.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/task_registry.hpp"
#include "store/database.hpp"

namespace sessiond::domains {

// What every family is built with. Every reference outlives the family.
struct DomainEnv {
  store::Database& db;
  const core::Clock& clock;
  core::MetricsRegistry& metrics;
  // For deadlines: "something of mine is due at T" (Scheduler::WakeAt).
  scheduler::Scheduler& scheduler;
  const core::Config& config;
};

// A session family (DESIGN.md, "Architecture"): it plugs its tasks, default jobs and routes
// into the shared machinery and never depends on another family. Built by main; every
// method runs once, at start-up, before the scheduler starts or the server listens.
class Domain {
 public:
  virtual ~Domain() = default;

  virtual void RegisterTasks(scheduler::TaskRegistry& tasks) = 0;
  // The jobs `serve` installs when missing (the seeds' schedules).
  virtual std::vector<scheduler::Job> DefaultJobs() const = 0;
  virtual void RegisterRoutes(http::Router& router) = 0;
  // Called once the scheduler has started, on a node that serves: arm the deadlines that
  // lived only in the memory of a process that has gone. Errors: the store's.
  virtual core::Result<void> ArmDeadlines() { return core::Ok(); }
};

}  // namespace sessiond::domains
