#pragma once

#include "scheduler/task.hpp"

namespace sessiond::scheduler {

// A diagnostic task that records a run and does nothing else: for tests, benchmarks and
// checking that a schedule fires when expected.
class NoopTask final : public Task {
 public:
  std::string_view name() const override { return "noop"; }
  std::string_view description() const override {
    return "Does nothing; the run record shows when the schedule fired.";
  }
  std::vector<TaskParam> params() const override { return {}; }
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(TaskContext& context) override;
};

}  // namespace sessiond::scheduler
