#pragma once

#include "core/metrics.hpp"
#include "domains/checkins/checkin_service.hpp"
#include "domains/checkins/expiry_deadlines.hpp"
#include "scheduler/task.hpp"

namespace sessiond::checkins {

// Ends the check-ins whose expiry has come, each with its `checkin.expired` event, then sets
// the next deadline. Runs as a deadline sweep at each expiry instant, and as the
// `expire-checkins` job (the safety net for deadlines lost with a node).
class ExpireCheckinsTask final : public scheduler::Task {
 public:
  ExpireCheckinsTask(CheckinService& service, ExpiryDeadlines& deadlines,
                     core::MetricsRegistry& metrics);
  std::string_view name() const override { return kExpireTask; }
  std::string_view description() const override {
    return "Ends check-ins at their expiry and emits checkin.expired.";
  }
  std::vector<scheduler::TaskParam> params() const override { return {}; }
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(scheduler::TaskContext& context) override;

 private:
  CheckinService& service_;
  ExpiryDeadlines& deadlines_;
  core::Histogram& lateness_;
};

// The seed's cleanup_old_sessions(): deletes ended check-ins older than `older_than`
// (default 7d). Returns {"removed": N}.
class CleanupCheckinsTask final : public scheduler::Task {
 public:
  std::string_view name() const override { return "cleanup-checkins"; }
  std::string_view description() const override {
    return "Deletes ended check-ins older than the retention.";
  }
  std::vector<scheduler::TaskParam> params() const override;
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(scheduler::TaskContext& context) override;
};

}  // namespace sessiond::checkins
