#pragma once

#include "scheduler/task.hpp"

namespace sessiond::scheduler {

// Keeps run history bounded: deletes finished runs older than `keep` (default 30d) and beyond
// the newest `keep_per_job` (default 1000) of each job, and forgets nodes silent that long.
class PruneRunHistoryTask final : public Task {
 public:
  std::string_view name() const override { return "prune-run-history"; }
  std::string_view description() const override {
    return "Deletes old job runs so that the history stays bounded.";
  }
  std::vector<TaskParam> params() const override;
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(TaskContext& context) override;
};

}  // namespace sessiond::scheduler
