#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "scheduler/task.hpp"

namespace sessiond::scheduler {

// The tasks jobs may name. Filled at start-up by main (each family registers its own), then
// read-only: thread-safe for reading once the scheduler starts.
class TaskRegistry {
 public:
  // Requires: no task of the same name registered yet.
  void Register(std::unique_ptr<Task> task);

  // nullptr when unknown.
  Task* Find(std::string_view name) const;

  // Checks that `task` exists and accepts `params`. Errors: kUnprocessable naming "task" for
  // an unknown task; the task's own validation errors otherwise.
  core::Result<void> Validate(std::string_view task, const core::Json& params) const;

  // {"items":[{"name","description","params":[...]}]} for GET /v1/tasks.
  core::Json ToJson() const;

 private:
  std::map<std::string, std::unique_ptr<Task>, std::less<>> tasks_;
};

}  // namespace sessiond::scheduler
