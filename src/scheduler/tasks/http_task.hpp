#pragma once

#include "scheduler/task.hpp"

namespace sessiond::scheduler {

// Calls a URL on schedule, as users do today with a hosted cron calling their endpoints.
// Params: url (http:// or https://), method (GET), headers ({}), body (string or JSON),
// expect_status (any 2xx when absent). The request has the job's timeout. The result records
// the status and the latency; an unexpected status or a network error fails the run.
class HttpTask final : public Task {
 public:
  std::string_view name() const override { return "http"; }
  std::string_view description() const override {
    return "Calls a URL (http or https) and records the response status and latency.";
  }
  std::vector<TaskParam> params() const override;
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(TaskContext& context) override;
};

}  // namespace sessiond::scheduler
