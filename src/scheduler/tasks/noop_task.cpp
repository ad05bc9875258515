#include "scheduler/tasks/noop_task.hpp"

namespace sessiond::scheduler {

core::Result<void> NoopTask::Validate(const core::Json& params) const {
  core::ObjectReader reader(params, "params");
  if (std::optional<core::Error> error = reader.Finish()) return *error;
  return core::Ok();
}

core::Result<core::Json> NoopTask::Run(TaskContext& context) {
  return core::Json{{"occurrence", context.occurrence().ToRfc3339()}};
}

}  // namespace sessiond::scheduler
