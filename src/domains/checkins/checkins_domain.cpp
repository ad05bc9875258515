#include "domains/checkins/checkins_domain.hpp"

#include "domains/checkins/checkin_repository.hpp"
#include "domains/checkins/checkin_routes.hpp"
#include "domains/checkins/checkin_service.hpp"
#include "domains/checkins/checkin_tasks.hpp"
#include "domains/checkins/expiry_deadlines.hpp"

namespace sessiond::checkins {
namespace {

class CheckinsDomain final : public domains::Domain {
 public:
  explicit CheckinsDomain(const domains::DomainEnv& env)
      : env_(env),
        service_(env.clock, env.config.checkins.default_ttl),
        deadlines_(env.scheduler) {}

  void RegisterTasks(scheduler::TaskRegistry& tasks) override {
    tasks.Register(std::make_unique<ExpireCheckinsTask>(service_, deadlines_, env_.metrics));
    tasks.Register(std::make_unique<CleanupCheckinsTask>());
  }

  std::vector<scheduler::Job> DefaultJobs() const override {
    scheduler::Job cleanup;
    cleanup.name = "cleanup-checkins";
    cleanup.schedule = "15 4 * * *";
    cleanup.task = "cleanup-checkins";
    cleanup.params = {{"older_than", "7d"}};
    cleanup.catch_up = scheduler::CatchUp::kLatest;
    // Expiry happens at each expires_at (a deadline), and every node sweeps at start; this
    // job only catches deadlines that lived in the memory of a node that died while others
    // went on. Presence itself is computed at read time and never waits for it.
    scheduler::Job expire;
    expire.name = "expire-checkins";
    expire.schedule = "0 * * * *";
    expire.task = std::string(kExpireTask);
    return {cleanup, expire};
  }

  void RegisterRoutes(http::Router& router) override {
    RegisterCheckinRoutes(router, {env_.db, service_, deadlines_, env_.config.checkins.max_ttl});
  }

  core::Result<void> ArmDeadlines() override {
    std::optional<core::Timestamp> next;
    core::Result<void> read = env_.db.Read([&](store::Connection& c) -> core::Result<void> {
      core::Result<std::optional<core::Timestamp>> found = CheckinRepository::NextExpiry(c);
      if (!found) return found.error();
      next = *found;
      return core::Ok();
    });
    if (!read) return read.error();
    // An expiry already past (the process was down) is swept at once.
    if (next) deadlines_.ExpiresAt(*next);
    return core::Ok();
  }

 private:
  domains::DomainEnv env_;
  CheckinService service_;
  ExpiryDeadlines deadlines_;
};

}  // namespace

std::unique_ptr<domains::Domain> MakeCheckinsDomain(const domains::DomainEnv& env) {
  return std::make_unique<CheckinsDomain>(env);
}

}  // namespace sessiond::checkins
