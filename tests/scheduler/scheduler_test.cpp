// The scheduler against real databases (SQLite and PostgreSQL), driven by a simulated clock:
// on-time runs, catch-up after downtime, overlap, timeouts, retries, abandoned runs,
// exactly-once with two loops racing, deadlines, manual runs and backfills, pruning.
#include "scheduler/scheduler.hpp"

#include <map>

#include <gtest/gtest.h>

#include "scheduler/job_repository.hpp"
#include "scheduler/job_service.hpp"
#include "scheduler/tasks/noop_task.hpp"
#include "scheduler/tasks/prune_run_history_task.hpp"
#include "store/migrator.hpp"
#include "store_test.hpp"
#include "test_tasks.hpp"

namespace sessiond::scheduler::testing {
namespace {

using core::Duration;
using core::Json;
using core::Timestamp;
using store::testing::StoreTest;

Timestamp At(const char* text) { return *Timestamp::Parse(text); }

constexpr auto kBound = std::chrono::seconds(20);

class SchedulerTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(store::Migrate(db()));
    Script(Pick("CREATE TABLE effects (occurrence TEXT NOT NULL)",
                "CREATE TABLE effects (occurrence timestamptz NOT NULL)"));
    auto record = std::make_unique<RecordingTask>();
    auto block = std::make_unique<BlockingTask>();
    record_ = record.get();
    block_ = block.get();
    tasks_.Register(std::move(record));
    tasks_.Register(std::move(block));
    tasks_.Register(std::make_unique<FlakyTask>());
    tasks_.Register(std::make_unique<CommitTask>());
    tasks_.Register(std::make_unique<NoopTask>());
    tasks_.Register(std::make_unique<PruneRunHistoryTask>());
  }
  void TearDown() override {
    if (block_) block_->Release();
    schedulers_.clear();
    StoreTest::TearDown();
  }

  // A scheduler on `database` (default: the fixture's), started. With abandon_after 0 it
  // takes every other node's running run for dead, as a single node does at start.
  Scheduler& StartScheduler(const std::string& node, store::Database* database = nullptr,
                            Duration abandon_after = Duration(), int workers = 4) {
    SchedulerOptions options;
    options.node_id = node;
    options.workers = workers;
    options.abandon_after = abandon_after;
    auto scheduler = std::make_unique<Scheduler>(database ? *database : db(), clock_, tasks_,
                                                 metrics_, leadership_, options);
    EXPECT_OK(scheduler->Start());
    schedulers_.push_back(std::move(scheduler));
    return *schedulers_.back();
  }
  Scheduler& scheduler() { return *schedulers_.front(); }

  Job CreateJob(Json body) {
    JobService service(tasks_, clock_);
    Job job;
    EXPECT_OK(db().Write([&](store::Connection& c) -> core::Result<void> {
      core::Result<Job> created = service.Create(c, body);
      if (!created) return created.error();
      job = *created;
      return core::Ok();
    }));
    for (auto& s : schedulers_) s->Reload();
    return job;
  }

  // Moves the clock and waits until every scheduler has dealt with the new time.
  void AdvanceTo(Timestamp t, bool runs_too = true) {
    clock_.Set(t);
    for (auto& s : schedulers_) ASSERT_TRUE(s->WaitIdleForTest(kBound, runs_too));
  }
  void Settle(bool runs_too = true) {
    for (auto& s : schedulers_) ASSERT_TRUE(s->WaitIdleForTest(kBound, runs_too));
  }

  // Every run of `job`, oldest first, printed "scheduled_for trigger status attempt".
  std::vector<std::string> Runs(const std::string& job) {
    std::vector<std::string> out;
    EXPECT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
      core::Result<RunPage> page = JobRepository::ListRuns(c, RunQuery{job, std::nullopt, 1000, {}});
      if (!page) return page.error();
      for (auto it = page->items.rbegin(); it != page->items.rend(); ++it) {
        out.push_back(it->scheduled_for.ToRfc3339() + " " + std::string(TriggerName(it->trigger)) +
                      " " + std::string(RunStatusName(it->status)) + " " +
                      std::to_string(it->attempt));
      }
      return core::Ok();
    }));
    return out;
  }
  std::vector<std::string> SeenByRecord() {
    std::vector<std::string> out;
    for (const Seen& seen : record_->seen()) {
      out.push_back(seen.occurrence.ToRfc3339() + " " + std::string(TriggerName(seen.trigger)));
    }
    return out;
  }

  core::SimulatedClock clock_{At("2026-11-16T12:00:00Z")};
  std::unique_ptr<store::Database> other_db_;  // a second node's; outlives the schedulers
  TaskRegistry tasks_;
  core::MetricsRegistry metrics_;
  store::AlwaysHeldLock leadership_;
  RecordingTask* record_ = nullptr;
  BlockingTask* block_ = nullptr;
  std::vector<std::unique_ptr<Scheduler>> schedulers_;
};

using Seq = std::vector<std::string>;

TEST_P(SchedulerTest, FiresOnTimeWithTheOccurrenceItServes) {
  StartScheduler("node-a");
  CreateJob({{"name", "hourly"}, {"schedule", "0 * * * *"}, {"task", "record"}});
  AdvanceTo(At("2026-11-16T12:59:59Z"));
  EXPECT_TRUE(Runs("hourly").empty());
  AdvanceTo(At("2026-11-16T13:00:00Z"));
  AdvanceTo(At("2026-11-16T14:00:00.004Z"));
  EXPECT_EQ(Runs("hourly"), (Seq{"2026-11-16T13:00:00.000Z schedule succeeded 1",
                                 "2026-11-16T14:00:00.000Z schedule succeeded 1"}));
  EXPECT_EQ(SeenByRecord(), (Seq{"2026-11-16T13:00:00.000Z schedule",
                                 "2026-11-16T14:00:00.000Z schedule"}));
}

TEST_P(SchedulerTest, DowntimeWithCatchUpAllRunsEachMissedOccurrenceOnceInOrder) {
  // The seed's pain: a day's sessions missing after downtime. Created Monday noon, the
  // server is down until Friday 09:00.
  CreateJob({{"name", "daily-sessions"},
             {"schedule", "5 0 * * *"},
             {"task", "record"},
             {"catch_up", "all"},
             {"catch_up_window", "7d"}});
  clock_.Set(At("2026-11-20T09:00:00Z"));
  StartScheduler("node-a");
  Settle();
  Seq caught_up = {"2026-11-17T00:05:00.000Z catch_up succeeded 1",
                   "2026-11-18T00:05:00.000Z catch_up succeeded 1",
                   "2026-11-19T00:05:00.000Z catch_up succeeded 1",
                   "2026-11-20T00:05:00.000Z catch_up succeeded 1"};
  EXPECT_EQ(Runs("daily-sessions"), caught_up);
  EXPECT_EQ(SeenByRecord(), (Seq{"2026-11-17T00:05:00.000Z catch_up", "2026-11-18T00:05:00.000Z catch_up",
                                 "2026-11-19T00:05:00.000Z catch_up", "2026-11-20T00:05:00.000Z catch_up"}));

  // A restart finds nothing left to catch up; the next day runs on time.
  schedulers_.clear();
  StartScheduler("node-b");
  Settle();
  EXPECT_EQ(Runs("daily-sessions"), caught_up);
  AdvanceTo(At("2026-11-21T00:05:00Z"));
  EXPECT_EQ(Runs("daily-sessions").back(), "2026-11-21T00:05:00.000Z schedule succeeded 1");
}

TEST_P(SchedulerTest, CatchUpNoneForgetsMissedOccurrences) {
  CreateJob({{"name", "quiet"}, {"schedule", "0 * * * *"}, {"task", "record"}});
  clock_.Set(At("2026-11-16T17:30:00Z"));
  StartScheduler("node-a");
  Settle();
  EXPECT_TRUE(Runs("quiet").empty());
  AdvanceTo(At("2026-11-16T18:00:00Z"));
  EXPECT_EQ(Runs("quiet"), (Seq{"2026-11-16T18:00:00.000Z schedule succeeded 1"}));
}

TEST_P(SchedulerTest, OverlapSkipRecordsTheOccurrenceAsSkipped) {
  StartScheduler("node-a");
  CreateJob({{"name", "slow"}, {"schedule", "every 1m"}, {"task", "block"}});
  AdvanceTo(At("2026-11-16T12:01:00Z"), false);
  ASSERT_TRUE(block_->WaitStarted(1));
  AdvanceTo(At("2026-11-16T12:02:00Z"), false);
  EXPECT_EQ(Runs("slow"), (Seq{"2026-11-16T12:01:00.000Z schedule running 1",
                               "2026-11-16T12:02:00.000Z schedule skipped 1"}));
  block_->Release();
  Settle();
  EXPECT_EQ(Runs("slow").front(), "2026-11-16T12:01:00.000Z schedule succeeded 1");
}

TEST_P(SchedulerTest, OverlapQueueRunsTheOccurrenceAfterThePreviousRun) {
  StartScheduler("node-a");
  CreateJob({{"name", "queued"}, {"schedule", "every 1m"}, {"task", "block"}, {"overlap", "queue"}});
  AdvanceTo(At("2026-11-16T12:01:00Z"), false);
  ASSERT_TRUE(block_->WaitStarted(1));
  AdvanceTo(At("2026-11-16T12:02:00Z"), false);
  EXPECT_EQ(Runs("queued"), (Seq{"2026-11-16T12:01:00.000Z schedule running 1"}));
  block_->Release();
  Settle();
  EXPECT_EQ(Runs("queued"), (Seq{"2026-11-16T12:01:00.000Z schedule succeeded 1",
                                 "2026-11-16T12:02:00.000Z schedule succeeded 1"}));
}

TEST_P(SchedulerTest, RunPastItsTimeoutIsCancelledAndRecordedTimedOut) {
  StartScheduler("node-a");
  CreateJob({{"name", "stuck"}, {"schedule", "0 13 * * *"}, {"task", "block"}, {"timeout", "30s"}});
  AdvanceTo(At("2026-11-16T13:00:00Z"), false);
  ASSERT_TRUE(block_->WaitStarted(1));
  AdvanceTo(At("2026-11-16T13:00:29Z"), false);
  EXPECT_EQ(Runs("stuck"), (Seq{"2026-11-16T13:00:00.000Z schedule running 1"}));
  AdvanceTo(At("2026-11-16T13:00:30Z"));
  EXPECT_EQ(Runs("stuck"), (Seq{"2026-11-16T13:00:00.000Z schedule timed_out 1"}));
}

TEST_P(SchedulerTest, FailedRunsRetryWithExponentialBackoffEachAttemptItsOwnRun) {
  StartScheduler("node-a");
  CreateJob({{"name", "flaky"},
             {"schedule", "0 13 * * *"},
             {"task", "flaky"},
             {"params", {{"fail_times", 2}}},
             {"retries", 3}});
  AdvanceTo(At("2026-11-16T13:00:00Z"));
  AdvanceTo(At("2026-11-16T13:00:09Z"));
  EXPECT_EQ(Runs("flaky"), (Seq{"2026-11-16T13:00:00.000Z schedule failed 1"}));
  AdvanceTo(At("2026-11-16T13:00:10Z"));  // first retry after 10 s
  AdvanceTo(At("2026-11-16T13:00:29Z"));
  EXPECT_EQ(Runs("flaky").size(), 2u);
  AdvanceTo(At("2026-11-16T13:00:30Z"));  // second after 20 s more
  EXPECT_EQ(Runs("flaky"), (Seq{"2026-11-16T13:00:00.000Z schedule failed 1",
                                "2026-11-16T13:00:00.000Z retry failed 2",
                                "2026-11-16T13:00:00.000Z retry succeeded 3"}));
}

TEST_P(SchedulerTest, RunOfADeadProcessIsAbandonedAndCaughtUpOnce) {
  Job job = CreateJob({{"name", "crashy"},
                       {"schedule", "0 * * * *"},
                       {"task", "commit"},
                       {"catch_up", "all"}});
  // What kill -9 during the 13:00 run leaves: the claimed run, and progress past it.
  scheduler::Run dead;
  dead.id = core::UuidGenerator().NewV7(At("2026-11-16T13:00:00Z"));
  dead.job = "crashy";
  dead.scheduled_for = At("2026-11-16T13:00:00Z");
  dead.started_at = dead.scheduled_for;
  dead.node = "killed-node";
  ASSERT_OK(db().Write([&](store::Connection& c) -> core::Result<void> {
    core::Result<bool> inserted = JobRepository::InsertRun(c, dead);
    if (!inserted) return inserted.error();
    return JobRepository::SetProgress(c, "crashy", dead.scheduled_for, At("2026-11-16T14:00:00Z"));
  }));
  clock_.Set(At("2026-11-16T13:20:00Z"));
  StartScheduler("node-a");
  Settle();
  EXPECT_EQ(Runs("crashy"), (Seq{"2026-11-16T13:00:00.000Z schedule abandoned 1",
                                 "2026-11-16T13:00:00.000Z catch_up succeeded 1"}));
  EXPECT_EQ(Count("effects"), 1);
  // Another restart changes nothing.
  schedulers_.clear();
  StartScheduler("node-b");
  Settle();
  EXPECT_EQ(Runs("crashy").size(), 2u);
  EXPECT_EQ(Count("effects"), 1);
}

TEST_P(SchedulerTest, TwoLoopsRacingOnOneDatabaseRunEachOccurrenceOnce) {
  other_db_ = OpenAnother();
  // Both believe they lead, as two nodes may for a moment; both are alive (heartbeats), so
  // neither abandons the other's runs.
  StartScheduler("node-a", nullptr, Duration::Minutes(10));
  StartScheduler("node-b", other_db_.get(), Duration::Minutes(10));
  CreateJob({{"name", "racy"}, {"schedule", "every 1m"}, {"task", "commit"}});
  for (int minute = 1; minute <= 10; ++minute) {
    AdvanceTo(At("2026-11-16T12:00:00Z") + Duration::Minutes(minute));
  }
  EXPECT_EQ(Count("effects"), 10);
  std::vector<std::string> runs = Runs("racy");
  ASSERT_EQ(runs.size(), 10u);
  for (const std::string& run : runs) EXPECT_NE(run.find("schedule succeeded"), std::string::npos) << run;
}

TEST_P(SchedulerTest, DeadlineRunsTheTaskSweepAtItsInstantNotAtTheNextTick) {
  StartScheduler("node-a");
  scheduler().WakeAt("record", At("2026-11-16T12:00:42.250Z"));
  AdvanceTo(At("2026-11-16T12:00:42.249Z"));
  EXPECT_TRUE(record_->seen().empty());
  AdvanceTo(At("2026-11-16T12:00:42.250Z"));
  EXPECT_EQ(SeenByRecord(), (Seq{"2026-11-16T12:00:42.250Z schedule"}));
}

// `simulate`'s drive: with no workers the scheduler has no thread and runs nothing by itself;
// RunDueHere does, on the calling thread, everything due at the clock's time, a job's queued
// catch-ups one after the other, each to its end, and the deadline sweeps.
TEST_P(SchedulerTest, WithoutWorkersTheCallerRunsEverythingDueToItsEnd) {
  CreateJob({{"name", "hourly"}, {"schedule", "0 * * * *"}, {"task", "record"},
             {"catch_up", "all"}, {"catch_up_window", "1d"}});
  clock_.Set(At("2026-11-16T15:30:00Z"));
  Scheduler& s = StartScheduler("node-a", nullptr, Duration(), 0);
  s.WakeAt("record", At("2026-11-16T15:10:00Z"));
  EXPECT_TRUE(Runs("hourly").empty());
  EXPECT_TRUE(record_->seen().empty());
  s.RunDueHere();
  EXPECT_EQ(Runs("hourly"), (Seq{"2026-11-16T13:00:00.000Z catch_up succeeded 1",
                                 "2026-11-16T14:00:00.000Z catch_up succeeded 1",
                                 "2026-11-16T15:00:00.000Z catch_up succeeded 1"}));
  EXPECT_EQ(SeenByRecord(), (Seq{"2026-11-16T15:30:00.000Z schedule", "2026-11-16T13:00:00.000Z catch_up",
                                 "2026-11-16T14:00:00.000Z catch_up", "2026-11-16T15:00:00.000Z catch_up"}));
  EXPECT_EQ(s.NextWakeForTest(), std::optional<Timestamp>(At("2026-11-16T16:00:00Z")));
  clock_.Set(At("2026-11-16T16:00:00Z"));
  s.RunDueHere();
  EXPECT_EQ(Runs("hourly").back(), "2026-11-16T16:00:00.000Z schedule succeeded 1");
}

TEST_P(SchedulerTest, ManualRunAndBackfillOfOccurrencesWithoutSuccess) {
  StartScheduler("node-a");
  Job job = CreateJob({{"name", "report"}, {"schedule", "0 * * * *"}, {"task", "record"}});
  scheduler::Run manual = scheduler().RunNow(job);
  EXPECT_EQ(manual.trigger, Trigger::kManual);
  Settle();
  AdvanceTo(At("2026-11-16T13:00:00Z"));  // 13:00 succeeds on schedule

  JobService service(tasks_, clock_);
  std::vector<Occurrence> plan;
  ASSERT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
    auto planned = service.PlanBackfill(c, "report", At("2026-11-16T11:00:00Z"),
                                        At("2026-11-16T13:00:00Z"), Scheduler::kBackfillLimit);
    if (!planned) return planned.error();
    plan = *planned;
    return core::Ok();
  }));
  ASSERT_EQ(plan.size(), 2u);  // 11:00 and 12:00; 13:00 already succeeded
  scheduler().QueueBackfill(job, plan);
  Settle();
  EXPECT_EQ(Runs("report"), (Seq{"2026-11-16T12:00:00.000Z manual succeeded 1",
                                 "2026-11-16T13:00:00.000Z schedule succeeded 1",
                                 "2026-11-16T11:00:00.000Z backfill succeeded 1",
                                 "2026-11-16T12:00:00.000Z backfill succeeded 1"}));
}

TEST_P(SchedulerTest, PruneRunHistoryKeepsTheNewestRunsOfEachJob) {
  StartScheduler("node-a");
  CreateJob({{"name", "chatty"}, {"schedule", "every 1m"}, {"task", "noop"}});
  for (int minute = 1; minute <= 8; ++minute) {
    AdvanceTo(At("2026-11-16T12:00:00Z") + Duration::Minutes(minute));
  }
  ASSERT_EQ(Runs("chatty").size(), 8u);
  Job prune = CreateJob({{"name", "prune"},
                         {"schedule", "@daily"},
                         {"task", "prune-run-history"},
                         {"params", {{"keep", "30d"}, {"keep_per_job", 3}}}});
  scheduler().RunNow(prune);
  Settle();
  EXPECT_EQ(Runs("chatty"), (Seq{"2026-11-16T12:06:00.000Z schedule succeeded 1",
                                 "2026-11-16T12:07:00.000Z schedule succeeded 1",
                                 "2026-11-16T12:08:00.000Z schedule succeeded 1"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, SchedulerTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace sessiond::scheduler::testing
