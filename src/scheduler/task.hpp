#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "core/uuid.hpp"
#include "scheduler/run.hpp"
#include "store/database.hpp"

namespace sessiond::scheduler {

// One parameter a task accepts, for GET /v1/tasks and validation messages.
struct TaskParam {
  std::string name;
  std::string type;         // "duration", "integer", "string", "object", "boolean"
  std::string description;
  core::Json default_value; // null when required or without default
  bool required = false;
};

// What a task is given for one run. Lives for the run; used by one worker thread.
class TaskContext {
 public:
  TaskContext(store::Database& db, const core::Clock& clock, const core::Json& params,
              core::Timestamp occurrence, Trigger trigger, core::Uuid run_id,
              core::Timestamp deadline, const std::atomic<bool>& cancelled)
      : db_(db), clock_(clock), params_(params), occurrence_(occurrence), trigger_(trigger),
        run_id_(run_id), deadline_(deadline), cancelled_(cancelled) {}

  store::Database& db() { return db_; }
  const core::Clock& clock() const { return clock_; }
  const core::Json& params() const { return params_; }
  // The occurrence this run serves: a catch-up of a daily job does that day's work.
  core::Timestamp occurrence() const { return occurrence_; }
  Trigger trigger() const { return trigger_; }
  const core::Uuid& run_id() const { return run_id_; }
  core::Timestamp deadline() const { return deadline_; }
  // True once the run passed its timeout or the scheduler is stopping: long tasks check it
  // between steps and return (cooperative cancellation).
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

  // Commits `work` (the task's store effects, returning its summary) in one transaction with
  // the run's completion: the run goes from running to succeeded only if it is still running
  // and this node's, so effects commit exactly once even if another node took the occurrence
  // over. Errors: `work`'s; kConflict when the run is no longer ours (nothing is committed).
  core::Result<core::Json> Commit(std::function<core::Result<core::Json>(store::Connection&)> work);
  bool committed() const { return committed_; }

 private:
  store::Database& db_;
  const core::Clock& clock_;
  const core::Json& params_;
  core::Timestamp occurrence_;
  Trigger trigger_;
  core::Uuid run_id_;
  core::Timestamp deadline_;
  const std::atomic<bool>& cancelled_;
  bool committed_ = false;
};

// A named, idempotent unit of scheduled work (DESIGN.md, "Tasks"): running it twice for the
// same occurrence changes nothing the second time. Implementations are thread-safe: one task
// object serves every job that names it, possibly on several workers at once.
class Task {
 public:
  virtual ~Task() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  virtual std::vector<TaskParam> params() const = 0;
  // Checks a job's params. Errors: kUnprocessable or kBadRequest naming `params.<field>`.
  virtual core::Result<void> Validate(const core::Json& params) const = 0;
  // Runs one occurrence and returns the summary recorded as the run's result.
  virtual core::Result<core::Json> Run(TaskContext& context) = 0;
};

// Runs `task` and turns anything it throws into a failed result (the scheduler's net, STYLE.md
// section 3): one broken task never stops the loop or the CLI.
core::Result<core::Json> RunTaskGuarded(Task& task, TaskContext& context);

}  // namespace sessiond::scheduler
