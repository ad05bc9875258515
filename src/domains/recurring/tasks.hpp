#pragma once

#include "core/metrics.hpp"
#include "domains/recurring/deadlines.hpp"
#include "domains/recurring/service.hpp"
#include "scheduler/task.hpp"

namespace sessiond::recurring {

// generate-recurring-sessions: every active template, `days_ahead` (1..366, default 30) days
// ahead, in one transaction with the run's completion. The seed's midnight job.
class GenerateTask final : public scheduler::Task {
 public:
  GenerateTask(Service& service, const Deadlines& deadlines) : service_(service), deadlines_(deadlines) {}
  std::string_view name() const override { return "generate-recurring-sessions"; }
  std::string_view description() const override {
    return "Creates the sessions of every active template for the days ahead.";
  }
  std::vector<scheduler::TaskParam> params() const override;
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(scheduler::TaskContext& context) override;

 private:
  Service& service_;
  const Deadlines& deadlines_;
};

// activate-scheduled-sessions: scheduled sessions whose valid_from has come become active.
// Runs at each session's valid_from (a deadline) and hourly as the seed's safety net.
class ActivateTask final : public scheduler::Task {
 public:
  explicit ActivateTask(const Deadlines& deadlines) : deadlines_(deadlines) {}
  std::string_view name() const override { return kActivateTask; }
  std::string_view description() const override {
    return "Activates scheduled sessions whose start has come.";
  }
  std::vector<scheduler::TaskParam> params() const override { return {}; }
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(scheduler::TaskContext& context) override;

 private:
  const Deadlines& deadlines_;
};

// auto-close-expired-sessions: sessions whose valid_until has passed are closed. Runs at each
// session's valid_until (a deadline) and every 5 minutes as the seed's safety net. Records
// how late each closing was in sessiond_recurring_close_lateness_seconds.
class CloseTask final : public scheduler::Task {
 public:
  CloseTask(const Deadlines& deadlines, core::MetricsRegistry& metrics);
  std::string_view name() const override { return kCloseTask; }
  std::string_view description() const override {
    return "Closes sessions whose end has passed.";
  }
  std::vector<scheduler::TaskParam> params() const override { return {}; }
  core::Result<void> Validate(const core::Json& params) const override;
  core::Result<core::Json> Run(scheduler::TaskContext& context) override;

 private:
  const Deadlines& deadlines_;
  core::Histogram& lateness_;
};

}  // namespace sessiond::recurring
