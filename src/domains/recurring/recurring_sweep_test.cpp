// Exact activation and closing: a real Scheduler driven by the simulated clock runs the sweeps
// at each session's valid_from and valid_until (deadlines), not at the next safety-net run.
#include <gtest/gtest.h>

#include "domains/recurring/recurring_domain.hpp"
#include "recurring_test_fixture.hpp"
#include "scheduler/job_service.hpp"
#include "scheduler/scheduler.hpp"

namespace sessiond::recurring::testing {
namespace {

constexpr auto kBound = std::chrono::seconds(20);

class RecurringSweepTest : public RecurringStoreTest {
 protected:
  void SetUp() override {
    RecurringStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    scheduler::SchedulerOptions options;
    options.node_id = "node-a";
    options.workers = 2;
    scheduler_ = std::make_unique<scheduler::Scheduler>(db(), clock_, tasks_, metrics_, leadership_, options);
    domain_ = std::make_unique<RecurringDomain>(
        domains::DomainEnv{db(), clock_, metrics_, *scheduler_, config_});
    domain_->RegisterTasks(tasks_);
    ASSERT_OK(scheduler_->Start());
  }
  void TearDown() override {
    if (scheduler_) scheduler_->Stop();
    scheduler_.reset();
    StoreTest::TearDown();
  }

  void AdvanceTo(core::Timestamp t) {
    clock_.Set(t);
    ASSERT_TRUE(scheduler_->WaitIdleForTest(kBound, true));
  }
  Session Get(const core::Uuid& id) {
    Session out;
    EXPECT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
      core::Result<Session> s = Repository::GetSession(c, id);
      if (!s) return s.error();
      out = *s;
      return core::Ok();
    }));
    return out;
  }
  Session CreateOneOff(const char* from, const char* until) {
    core::Result<Session> s = Write<Session>([&](store::Connection& c) {
      return service_.CreateSession(c, {{"name", "Standup"}, {"valid_from", from}, {"valid_until", until}});
    });
    EXPECT_OK(s);
    EXPECT_OK(domain_->ArmDeadlines());
    return s.value_or(Session{});
  }

  core::Config config_;
  scheduler::TaskRegistry tasks_;
  core::MetricsRegistry metrics_;
  store::AlwaysHeldLock leadership_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
  std::unique_ptr<RecurringDomain> domain_;
};

TEST_P(RecurringSweepTest, ActivatesAndClosesAtTheExactInstants) {
  Session a = CreateOneOff("2026-03-01T12:10:00.500Z", "2026-03-01T12:40:00Z");
  Session b = CreateOneOff("2026-03-01T12:20:00Z", "2026-03-01T12:30:00.250Z");
  AdvanceTo(At("2026-03-01T12:10:00.499Z"));
  EXPECT_EQ(Get(a.id).status, SessionStatus::kScheduled);
  AdvanceTo(At("2026-03-01T12:10:00.500Z"));
  EXPECT_EQ(Get(a.id).status, SessionStatus::kActive);
  EXPECT_EQ(Get(a.id).activated_at, At("2026-03-01T12:10:00.500Z"));
  AdvanceTo(At("2026-03-01T12:20:00Z"));
  EXPECT_EQ(Get(b.id).status, SessionStatus::kActive);
  AdvanceTo(At("2026-03-01T12:30:00.250Z"));
  Session closed = Get(b.id);
  EXPECT_EQ(closed.status, SessionStatus::kClosed);
  EXPECT_EQ(closed.closed_at, At("2026-03-01T12:30:00.250Z"));
  EXPECT_EQ(Get(a.id).status, SessionStatus::kActive);
  AdvanceTo(At("2026-03-01T12:40:00Z"));
  EXPECT_EQ(Get(a.id).closed_at, At("2026-03-01T12:40:00Z"));
  EXPECT_EQ(EventTypes(), (Seq{"session.created", "session.created", "session.activated", "session.activated",
                               "session.closed", "session.closed"}));
  std::string metrics = metrics_.Render();
  EXPECT_NE(metrics.find("sessiond_recurring_close_lateness_seconds_count 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("sessiond_recurring_close_lateness_seconds_bucket{le=\"0.001\"} 2"), std::string::npos);
}

TEST_P(RecurringSweepTest, AnEditThatMovesASessionEarlierIsStillActivatedOnTime) {
  Session s = CreateOneOff("2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z");
  ASSERT_OK(Write<Session>([&](store::Connection& c) {
    return service_.PatchSession(c, s.id, {{"valid_from", "2026-03-01T13:00:00Z"}});
  }));
  ASSERT_OK(domain_->ArmDeadlines());
  AdvanceTo(At("2026-03-01T13:00:00Z"));
  EXPECT_EQ(Get(s.id).status, SessionStatus::kActive);
}

TEST_P(RecurringSweepTest, GeneratedSessionsOfATemplateFollowTheirDeadlines) {
  CreateTemplate({{"name", "Daily", }, {"rule", "FREQ=DAILY"}, {"timezone", "Europe/Berlin"},
                  {"start_time", "14:00"}, {"duration", "30m"}, {"starts_on", "2026-03-01"}});
  ASSERT_OK(domain_->ArmDeadlines());
  AdvanceTo(At("2026-03-01T13:00:00Z"));  // 14:00 CET
  EXPECT_EQ(Print().front(), "2026-03-01 14:00 active");
  AdvanceTo(At("2026-03-01T13:30:00Z"));
  EXPECT_EQ(Print().front(), "2026-03-01 14:00 closed");
  AdvanceTo(At("2026-03-02T13:00:00Z"));
  EXPECT_EQ(Print()[1], "2026-03-02 14:00 active");
}

TEST_P(RecurringSweepTest, TheSafetyNetJobsReportWhatTheyChanged) {
  // A session whose whole window passed while nothing armed it (e.g. written by another tool).
  Session s = CreateOneOff("2026-03-01T12:01:00Z", "2026-03-01T12:02:00Z");
  scheduler_->Stop();
  clock_.Set(At("2026-03-01T12:05:00Z"));
  scheduler::JobService jobs(tasks_, clock_);
  ASSERT_OK(db().Write([&](store::Connection& c) -> core::Result<void> {
    for (const scheduler::Job& job : domain_->DefaultJobs()) {
      core::Result<bool> installed = jobs.InstallIfMissing(c, job);
      if (!installed) return installed.error();
    }
    return core::Ok();
  }));
  scheduler::Scheduler direct(db(), clock_, tasks_, metrics_, leadership_, {});
  core::Result<scheduler::Job> job = Write<scheduler::Job>([&](store::Connection& c) -> core::Result<scheduler::Job> {
    core::Result<scheduler::JobView> view = jobs.Get(c, "auto-close-expired-sessions");
    if (!view) return view.error();
    return view->job;
  });
  ASSERT_OK(job);
  EXPECT_EQ(job->schedule, "*/5 * * * *");
  core::Result<scheduler::Run> run = direct.RunDirect(
      *job, scheduler::Occurrence{At("2026-03-01T12:05:00Z"), false}, scheduler::Trigger::kManual);
  ASSERT_OK(run);
  ASSERT_TRUE(run->result.is_object()) << scheduler::RunToJson(*run).dump();
  EXPECT_EQ(run->result["closed"], 1);
  EXPECT_EQ(run->result["sessions"], core::Json::array({s.id.ToString()}));
  EXPECT_EQ(Get(s.id).status, SessionStatus::kClosed);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecurringSweepTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace sessiond::recurring::testing
