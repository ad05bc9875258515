#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "scheduler/job.hpp"
#include "scheduler/schedule.hpp"
#include "scheduler/task_registry.hpp"
#include "store/connection.hpp"

namespace sessiond::scheduler {

// A job with its last run, as lists and reads return it.
struct JobView {
  Job job;
  std::optional<Run> last_run;
};

// The rules of jobs: validation of bodies, defaults, and the next occurrence kept in step with
// every change. Each operation runs on the connection it is given, inside the caller's
// transaction (routes use store::AsyncWrite, the CLI Database::Write). After a change commits
// the caller tells the Scheduler (Reload). Thread-safe: holds only references.
class JobService {
 public:
  JobService(const TaskRegistry& tasks, const core::Clock& clock) : tasks_(tasks), clock_(clock) {}

  // Creates a job from a POST body. Errors: kUnprocessable/kBadRequest naming the field
  // (nothing stored); kConflict when the name exists.
  core::Result<Job> Create(store::Connection& c, const core::Json& body) const;
  // Applies a PATCH body: schedule, timezone, task, params, active, overlap, catch_up,
  // catch_up_window, timeout, retries. A new schedule, zone or activation recomputes the next
  // occurrence from now. Errors: kNotFound; field errors as Create.
  core::Result<Job> Update(store::Connection& c, std::string_view name, const core::Json& patch) const;
  // Pause (no next occurrence) or resume (next occurrence from now; the paused span is not
  // caught up). Errors: kNotFound.
  core::Result<Job> SetActive(store::Connection& c, std::string_view name, bool active) const;
  // Errors: kNotFound.
  core::Result<void> Delete(store::Connection& c, std::string_view name) const;
  core::Result<JobView> Get(store::Connection& c, std::string_view name) const;
  core::Result<std::vector<JobView>> List(store::Connection& c) const;
  // Installs `job` unless a job of that name exists (default jobs at start). True when added.
  core::Result<bool> InstallIfMissing(store::Connection& c, Job job) const;

  // The occurrences in [from, to] without a succeeded run, oldest first, for a backfill.
  // Errors: kNotFound; kUnprocessable when to < from or the range holds more than `limit`.
  core::Result<std::vector<Occurrence>> PlanBackfill(store::Connection& c, std::string_view name,
                                                     core::Timestamp from, core::Timestamp to,
                                                     int limit) const;

 private:
  // Checks every field of `job` that a body may set, and computes next_run_at.
  core::Result<void> Validate(Job& job) const;

  const TaskRegistry& tasks_;
  const core::Clock& clock_;
};

// True when `name` matches [a-z0-9][a-z0-9-]{0,62}.
bool IsValidJobName(std::string_view name);

}  // namespace sessiond::scheduler
