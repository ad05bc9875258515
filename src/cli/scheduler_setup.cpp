#include "cli/scheduler_setup.hpp"

#include <unistd.h>

#include <random>

#include "scheduler/tasks/http_task.hpp"
#include "scheduler/tasks/noop_task.hpp"
#include "scheduler/tasks/prune_run_history_task.hpp"

namespace sessiond::cli {
namespace {

// pg_advisory_lock key of the scheduler's leader: "sessiond" in ASCII.
constexpr int64_t kSchedulerLockKey = 0x73657373696f6e64;

}  // namespace

void RegisterTasks(scheduler::TaskRegistry& tasks) {
  tasks.Register(std::make_unique<scheduler::NoopTask>());
  tasks.Register(std::make_unique<scheduler::PruneRunHistoryTask>());
  tasks.Register(std::make_unique<scheduler::HttpTask>());
}

std::vector<scheduler::Job> DefaultJobs() {
  scheduler::Job prune;
  prune.name = "prune-run-history";
  prune.schedule = "30 3 * * *";
  prune.task = "prune-run-history";
  prune.params = {{"keep", "30d"}, {"keep_per_job", 1000}};
  prune.catch_up = scheduler::CatchUp::kLatest;
  return {prune};
}

core::Result<void> InstallDefaultJobs(store::Database& db, const scheduler::JobService& jobs) {
  return db.Write([&](store::Connection& c) -> core::Result<void> {
    for (const scheduler::Job& job : DefaultJobs()) {
      core::Result<bool> installed = jobs.InstallIfMissing(c, job);
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
                                               const core::SchedulerConfig& config) {
  auto parts = std::make_unique<SchedulerParts>();
  RegisterTasks(parts->tasks);
  parts->jobs = std::make_unique<scheduler::JobService>(parts->tasks, clock);
  parts->leadership = db.OpenSessionLock(kSchedulerLockKey);
  scheduler::SchedulerOptions options;
  options.node_id = NodeId(config);
  options.workers = config.workers;
  // SQLite has one node: a run left running was left by a dead process of that node.
  // PostgreSQL nodes heartbeat; one silent this long is dead.
  options.abandon_after = db.backend() == store::Backend::kSqlite ? core::Duration()
                                                                  : core::Duration::Seconds(20);
  parts->scheduler = std::make_unique<scheduler::Scheduler>(db, clock, parts->tasks, metrics,
                                                            *parts->leadership, options);
  return parts;
}

}  // namespace sessiond::cli
