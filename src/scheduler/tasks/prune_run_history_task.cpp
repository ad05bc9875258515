#include "scheduler/tasks/prune_run_history_task.hpp"

#include "scheduler/job_repository.hpp"

namespace sessiond::scheduler {
namespace {

constexpr core::Duration kDefaultKeep = core::Duration::Days(30);
constexpr int64_t kDefaultKeepPerJob = 1000;

struct PruneParams {
  core::Duration keep = kDefaultKeep;
  int64_t keep_per_job = kDefaultKeepPerJob;
};

core::Result<PruneParams> Read(const core::Json& params) {
  core::ObjectReader reader(params, "params");
  PruneParams out;
  if (auto keep = reader.OptionalDuration("keep")) out.keep = *keep;
  if (auto per_job = reader.OptionalInt("keep_per_job", 0, 1'000'000'000)) out.keep_per_job = *per_job;
  if (std::optional<core::Error> error = reader.Finish()) return *error;
  return out;
}

}  // namespace

std::vector<TaskParam> PruneRunHistoryTask::params() const {
  return {{"keep", "duration", "finished runs older than this are deleted", "30d", false},
          {"keep_per_job", "integer", "runs kept per job at most, newest first", kDefaultKeepPerJob,
           false}};
}

core::Result<void> PruneRunHistoryTask::Validate(const core::Json& params) const {
  core::Result<PruneParams> read = Read(params);
  if (!read) return read.error();
  return core::Ok();
}

core::Result<core::Json> PruneRunHistoryTask::Run(TaskContext& context) {
  core::Result<PruneParams> params = Read(context.params());
  if (!params) return params.error();
  // Age counts from the occurrence, so a catch-up of last Tuesday prunes as Tuesday would.
  core::Timestamp before = context.occurrence() - params->keep;
  return context.Commit([&](store::Connection& c) -> core::Result<core::Json> {
    core::Result<int64_t> runs = JobRepository::PruneRuns(c, before, params->keep_per_job);
    if (!runs) return runs.error();
    core::Result<int64_t> nodes =
        c.Execute("DELETE FROM scheduler_nodes WHERE heartbeat_at < ?", {before});
    if (!nodes) return nodes.error();
    return core::Json{{"runs_deleted", *runs}, {"nodes_forgotten", *nodes}};
  });
}

}  // namespace sessiond::scheduler
