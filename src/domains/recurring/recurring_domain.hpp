#pragma once

#include <memory>

#include "domains/domain.hpp"
#include "domains/recurring/deadlines.hpp"
#include "domains/recurring/service.hpp"

namespace sessiond::recurring {

// The scheduled and recurring sessions family (seed 002, docs/recurring.md): templates with
// RFC 5545 rules in local time, the sessions they generate, one-off sessions, and their
// exact activation and closing. Built once by main; not copyable.
class RecurringDomain final : public domains::Domain {
 public:
  explicit RecurringDomain(const domains::DomainEnv& env);

  void RegisterTasks(scheduler::TaskRegistry& tasks) override;
  // The seed's three cron jobs, in UTC as the seed ran them.
  std::vector<scheduler::Job> DefaultJobs() const override;
  void RegisterRoutes(http::Router& router) override;
  // Arms the next activation and closing found in the store.
  core::Result<void> ArmDeadlines() override;

 private:
  domains::DomainEnv env_;
  Service service_;
  Deadlines deadlines_;
};

}  // namespace sessiond::recurring
