#include "scheduler/task.hpp"

#include <exception>

#include "scheduler/job_repository.hpp"

namespace sessiond::scheduler {

core::Result<core::Json> RunTaskGuarded(Task& task, TaskContext& context) {
  try {
    return task.Run(context);
  } catch (const std::exception& e) {
    return core::Error::Internal(std::string("task threw: ") + e.what());
  } catch (...) {
    return core::Error::Internal("task threw a non-standard exception");
  }
}

core::Result<core::Json> TaskContext::Commit(
    std::function<core::Result<core::Json>(store::Connection&)> work) {
  core::Json summary;
  core::Result<void> written = db_.Write([&](store::Connection& connection) -> core::Result<void> {
    core::Result<core::Json> effects = work(connection);
    if (!effects) return effects.error();
    if (run_id_.IsNil()) {  // a deadline sweep: no run row to finish
      summary = std::move(*effects);
      return core::Ok();
    }
    core::Result<bool> claimed = JobRepository::FinishRun(
        connection, run_id_, RunStatus::kSucceeded, *effects, std::string(), clock_.Now());
    if (!claimed) return claimed.error();
    if (!*claimed) return core::Error::Conflict("the run is no longer running on this node");
    summary = std::move(*effects);
    return core::Ok();
  });
  if (!written) return written.error();
  committed_ = true;
  return summary;
}

}  // namespace sessiond::scheduler
