#include "scheduler/task_registry.hpp"

#include <cassert>

namespace sessiond::scheduler {

void TaskRegistry::Register(std::unique_ptr<Task> task) {
  std::string name(task->name());
  auto [it, inserted] = tasks_.emplace(name, std::move(task));
  assert(inserted && "a task name is registered once");
  (void)it;
  (void)inserted;
}

Task* TaskRegistry::Find(std::string_view name) const {
  auto it = tasks_.find(name);
  return it == tasks_.end() ? nullptr : it->second.get();
}

core::Result<void> TaskRegistry::Validate(std::string_view task, const core::Json& params) const {
  Task* found = Find(task);
  if (!found) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, "task",
                              "unknown task '" + std::string(task) + "'; GET /v1/tasks lists them",
                              task);
  }
  if (!params.is_object()) {
    return core::Error::Field(core::ErrorCode::kBadRequest, "params", "params must be an object");
  }
  return found->Validate(params);
}

core::Json TaskRegistry::ToJson() const {
  core::Json items = core::Json::array();
  for (const auto& [name, task] : tasks_) {
    core::Json params = core::Json::array();
    for (const TaskParam& param : task->params()) {
      params.push_back({{"name", param.name},
                        {"type", param.type},
                        {"description", param.description},
                        {"default", param.default_value},
                        {"required", param.required}});
    }
    items.push_back({{"name", name}, {"description", task->description()}, {"params", params}});
  }
  return {{"items", items}};
}

}  // namespace sessiond::scheduler
