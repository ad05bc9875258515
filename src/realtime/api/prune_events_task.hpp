#pragma once

#include "scheduler/task.hpp"

namespace sessiond::realtime {

// The event log's retention: deletes events older than `keep` (default 3d). A client resuming
// from a pruned id is told so with a `reset` event rather than silently skipping.
class PruneEventsTask final : public scheduler::Task {
 public:
  std::string_view name() const override { return "prune-events"; }
  std::string_view description() const override {
    return "Deletes realtime events older than the retention so that the log stays bounded.";
  }
  std::vector<scheduler::TaskParam> params() const override;
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(scheduler::TaskContext& context) override;
};

}  // namespace sessiond::realtime
