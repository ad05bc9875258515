#include "cli/scheduler_setup.hpp"

#include <unistd.h>

#include <random>

#include "cli/domains.hpp"
#include "realtime/api/prune_events_task.hpp"
#include "scheduler/tasks/http_task.hpp"
#include "scheduler/tasks/noop_task.hpp"
#include "scheduler/tasks/prune_run_history_task.hpp"

namespace sessiond::cli {
namespace {

// pg_advisory_lock key of the scheduler's leader: "sessiond" in ASCII.
constexpr int64_t kSchedulerLockKey = 0x73657373696f6e64;

// The machinery's own tasks: the scheduler's and the event log's.
void RegisterSchedulerTasks(scheduler::TaskRegistry& tasks) {
  tasks.Register(std::make_unique<scheduler::NoopTask>());
  tasks.Register(std::make_unique<scheduler::PruneRunHistoryTask>());
  tasks.Register(std::make_unique<scheduler::HttpTask>());
  tasks.Register(std::make_unique<realtime::PruneEventsTask>());
}

}  // namespace

std::vector<scheduler::Job> SchedulerParts::DefaultJobs() const {
  scheduler::Job prune;
  prune.name = "prune-run-history";
  prune.schedule = "30 3 * * *";
  prune.task = "prune-run-history";
  prune.params = {{"keep", "30d"}, {"keep_per_job", 1000}};
  prune.catch_up = scheduler::CatchUp::kLatest;
  scheduler::Job prune_events;
  prune_events.name = "prune-events";
  prune_events.schedule = "45 3 * * *";
  prune_events.task = "prune-events";
  prune_events.params = {{"keep", "3d"}};
  prune_events.catch_up = scheduler::CatchUp::kLatest;
  std::vector<scheduler::Job> defaults = {prune, prune_events};
  for (const auto& domain : domains) {
    for (scheduler::Job& job : domain->DefaultJobs()) defaults.push_back(std::move(job));
  }
  return defaults;
}

core::Result<void> SchedulerParts::InstallDefaultJobs(store::Database& db) const {
  return db.Write([&](store::Connection& c) -> core::Result<void> {
    for (const scheduler::Job& job : DefaultJobs()) {
      core::Result<bool> installed = jobs->InstallIfMissing(c, job);
      if (!installed) return installed.error();
    }
    return core::Ok();
  });
}

std::string NodeId(const core::SchedulerConfig& config) {
  if (!config.node_id.empty()) return config.node_id;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::random_device random;
  return std::string(host) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(random() % 100000);
}

std::unique_ptr<SchedulerParts> BuildScheduler(store::Database& db, const core::Clock& clock,
                                               core::MetricsRegistry& metrics,
                                               const core::Config& config) {
  auto parts = std::make_unique<SchedulerParts>();
  parts->config = config;
  parts->jobs = std::make_unique<scheduler::JobService>(parts->tasks, clock);
  parts->leadership = db.OpenSessionLock(kSchedulerLockKey);
  scheduler::SchedulerOptions options;
  options.node_id = NodeId(config.scheduler);
  options.workers = config.scheduler.workers;
  // SQLite has one node: a run left running was left by a dead process of that node.
  // PostgreSQL nodes heartbeat; one silent this long is dead.
  options.abandon_after = db.backend() == store::Backend::kSqlite ? core::Duration()
                                                                  : core::Duration::Seconds(20);
  parts->scheduler = std::make_unique<scheduler::Scheduler>(db, clock, parts->tasks, metrics,
                                                            *parts->leadership, options);
  // The tasks are registered once the scheduler exists, since the families' tasks and
  // services set deadlines on it; none is looked up before Start.
  RegisterSchedulerTasks(parts->tasks);
  parts->domains =
      MakeDomains(domains::DomainEnv{db, clock, metrics, *parts->scheduler, parts->config});
  for (const auto& domain : parts->domains) domain->RegisterTasks(parts->tasks);
  return parts;
}

}  // namespace sessiond::cli
