#include "domains/recurring/recurring_domain.hpp"

#include "domains/recurring/routes.hpp"
#include "domains/recurring/tasks.hpp"

namespace sessiond::recurring {

RecurringDomain::RecurringDomain(const domains::DomainEnv& env)
    : env_(env), service_(env.clock), deadlines_(&env.scheduler) {}

void RecurringDomain::RegisterTasks(scheduler::TaskRegistry& tasks) {
  tasks.Register(std::make_unique<GenerateTask>(service_, deadlines_));
  tasks.Register(std::make_unique<ActivateTask>(deadlines_));
  tasks.Register(std::make_unique<CloseTask>(deadlines_, env_.metrics));
}

std::vector<scheduler::Job> RecurringDomain::DefaultJobs() const {
  scheduler::Job generate;
  generate.name = "generate-recurring-sessions";
  generate.schedule = "0 0 * * *";
  generate.task = "generate-recurring-sessions";
  generate.params = {{"days_ahead", kDefaultDaysAhead}};
  // A midnight missed while no node ran is made up at start: no day goes without sessions.
  generate.catch_up = scheduler::CatchUp::kLatest;
  scheduler::Job activate;
  activate.name = std::string(kActivateTask);
  activate.schedule = "0 * * * *";
  activate.task = std::string(kActivateTask);
  activate.catch_up = scheduler::CatchUp::kLatest;
  scheduler::Job close;
  close.name = std::string(kCloseTask);
  close.schedule = "*/5 * * * *";
  close.task = std::string(kCloseTask);
  close.catch_up = scheduler::CatchUp::kLatest;
  return {generate, activate, close};
}

void RecurringDomain::RegisterRoutes(http::Router& router) {
  RecurringApi api{env_.db, env_.clock, service_, deadlines_};
  RegisterTemplateRoutes(router, api);
  RegisterSessionRoutes(router, api);
  InstallRulePreview();
}

core::Result<void> RecurringDomain::ArmDeadlines() {
  NextDue next;
  core::Result<void> read = env_.db.Read([&](store::Connection& c) -> core::Result<void> {
    core::Result<NextDue> due = NextDue::Read(c, env_.clock.Now());
    if (!due) return due.error();
    next = *due;
    return core::Ok();
  });
  if (!read) return read;
  deadlines_.Arm(next);
  return core::Ok();
}

}  // namespace sessiond::recurring
