#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scheduler/job.hpp"
#include "scheduler/run.hpp"
#include "store/connection.hpp"

namespace sessiond::scheduler {

// A filter and page of run history, newest first.
struct RunQuery {
  std::optional<std::string> job;
  std::optional<RunStatus> status;
  int limit = 50;
  std::optional<core::Uuid> before;  // cursor: runs older than this id
};

struct RunPage {
  std::vector<Run> items;
  std::optional<core::Uuid> next_cursor;
};

// The SQL of jobs and runs, the same on both backends. Every function runs on the connection
// it is given, inside the caller's transaction, so services compose them. Stateless.
class JobRepository {
 public:
  // Errors: kConflict when a job of that name exists.
  static core::Result<void> InsertJob(store::Connection& c, const Job& job);
  static core::Result<std::optional<Job>> FindJob(store::Connection& c, std::string_view name);
  static core::Result<std::vector<Job>> ListJobs(store::Connection& c);
  // Writes every field but name and created_at. Errors: kNotFound when the job is gone.
  static core::Result<void> UpdateJob(store::Connection& c, const Job& job);
  // True when a job was deleted (its runs go with it).
  static core::Result<bool> DeleteJob(store::Connection& c, std::string_view name);
  // Records how far the scheduler got with a job.
  static core::Result<void> SetProgress(store::Connection& c, std::string_view name,
                                        std::optional<core::Timestamp> last_scheduled_for,
                                        std::optional<core::Timestamp> next_run_at);

  // Inserts a run. Returns false, inserting nothing, when it is a scheduled or catch-up run
  // for an occurrence that already has a run that is not abandoned (exactly once).
  static core::Result<bool> InsertRun(store::Connection& c, const Run& run);
  // Moves a running run to its final state; false when it was not running any more.
  static core::Result<bool> FinishRun(store::Connection& c, const core::Uuid& id, RunStatus status,
                                      const core::Json& result, const std::string& error,
                                      core::Timestamp finished_at);
  static core::Result<std::optional<Run>> FindRun(store::Connection& c, const core::Uuid& id);
  static core::Result<std::optional<Run>> LastRun(store::Connection& c, std::string_view job);
  static core::Result<RunPage> ListRuns(store::Connection& c, const RunQuery& query);
  // True when the occurrence has a succeeded run (backfill leaves those alone). Manual runs
  // serve no occurrence and do not count.
  static core::Result<bool> HasSucceeded(store::Connection& c, std::string_view job,
                                         core::Timestamp scheduled_for);
  // Marks abandoned the `running` runs of other nodes that sent no heartbeat since
  // `heartbeat_cutoff` (their process died), and returns them as they were.
  static core::Result<std::vector<Run>> AbandonStaleRuns(store::Connection& c,
                                                         const std::string& self,
                                                         core::Timestamp heartbeat_cutoff,
                                                         core::Timestamp now);
  // Records that `node` is alive (and whether it leads) at `now`.
  static core::Result<void> Heartbeat(store::Connection& c, const std::string& node, bool leading,
                                      core::Timestamp started_at, core::Timestamp now);
  // The node that most recently said it leads, since `cutoff`; empty when none.
  static core::Result<std::string> CurrentLeader(store::Connection& c, core::Timestamp cutoff);
  // Deletes finished runs older than `before`, and beyond the newest `keep_per_job` of each
  // job. Returns how many.
  static core::Result<int64_t> PruneRuns(store::Connection& c, core::Timestamp before,
                                         int64_t keep_per_job);
};

}  // namespace sessiond::scheduler
