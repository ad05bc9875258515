// Check-ins against real databases (SQLite and PostgreSQL) with a simulated clock: the
// heartbeat, one active check-in per user enforced by the schema, exact expiry by a scheduler
// deadline with its event, presence computed at read time, checkout, stats and cleanup.
#include <gtest/gtest.h>

#include "core/metrics.hpp"
#include "domains/checkins/checkin_repository.hpp"
#include "domains/checkins/checkin_service.hpp"
#include "domains/checkins/checkin_tasks.hpp"
#include "realtime/event_log.hpp"
#include "scheduler/scheduler.hpp"
#include "store/migrator.hpp"
#include "store_test.hpp"

namespace sessiond::checkins::testing {
namespace {

using core::Duration;
using core::Timestamp;
using store::testing::StoreTest;

Timestamp At(const char* text) { return *Timestamp::Parse(text); }

constexpr auto kBound = std::chrono::seconds(20);

auth::Principal User(std::string id) {
  auth::Principal principal;
  principal.subject = std::move(id);
  return principal;
}

class CheckinsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(store::Migrate(db()));
  }
  void TearDown() override {
    if (scheduler_) scheduler_->Stop();
    scheduler_.reset();
    StoreTest::TearDown();
  }

  // A scheduler running the expiry sweep at each deadline, as `serve` wires it.
  void StartScheduler() {
    scheduler::SchedulerOptions options;
    options.node_id = "node-a";
    scheduler_ = std::make_unique<scheduler::Scheduler>(db(), clock_, tasks_, metrics_,
                                                        leadership_, options);
    deadlines_ = std::make_unique<ExpiryDeadlines>(*scheduler_);
    tasks_.Register(std::make_unique<ExpireCheckinsTask>(service_, *deadlines_, metrics_));
    ASSERT_OK(scheduler_->Start());
  }
  void AdvanceTo(Timestamp t) {
    clock_.Set(t);
    ASSERT_TRUE(scheduler_->WaitIdleForTest(kBound));
  }

  CheckinOutcome CheckIn(const std::string& user, std::optional<Duration> ttl = std::nullopt) {
    CheckinOutcome outcome;
    EXPECT_OK(db().Write([&](store::Connection& c) -> core::Result<void> {
      auto done = service_.CheckIn(c, user, {ttl, std::nullopt});
      if (!done) return done.error();
      outcome = *done;
      return core::Ok();
    }));
    if (deadlines_) deadlines_->ExpiresAt(outcome.checkin.expires_at);
    return outcome;
  }
  Checkin Get(const core::Uuid& id, const std::string& as) {
    Checkin out;
    EXPECT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
      auto found = service_.Get(c, id, User(as));
      if (!found) return found.error();
      out = *found;
      return core::Ok();
    }));
    return out;
  }
  core::Result<Checkin> CheckOut(const core::Uuid& id, const std::string& as) {
    core::Result<Checkin> out = core::Error::Internal("not run");
    (void)db().Write([&](store::Connection& c) -> core::Result<void> {
      out = service_.CheckOut(c, id, User(as));
      if (!out) return out.error();
      return core::Ok();
    });
    return out;
  }
  // "channel type status" of every event in the log, oldest first.
  std::vector<std::string> Events() {
    std::vector<std::string> out;
    EXPECT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
      auto events = realtime::ReadEventsAfter(c, 0, 1000);
      if (!events) return events.error();
      for (const auto& e : *events) {
        out.push_back(e.channel + " " + e.type + " " + e.payload["status"].get<std::string>());
      }
      return core::Ok();
    }));
    return out;
  }
  CheckinStats Stats() {
    CheckinStats stats;
    EXPECT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
      auto read = CheckinRepository::Stats(c, clock_.Now());
      if (!read) return read.error();
      stats = *read;
      return core::Ok();
    }));
    return stats;
  }

  core::SimulatedClock clock_{At("2026-11-21T14:00:00Z")};
  CheckinService service_{clock_, Duration::Hours(1)};
  scheduler::TaskRegistry tasks_;
  core::MetricsRegistry metrics_;
  store::AlwaysHeldLock leadership_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
  std::unique_ptr<ExpiryDeadlines> deadlines_;
};

using Seq = std::vector<std::string>;

TEST_P(CheckinsTest, CheckingInAgainWhileActiveExtendsTheSameCheckin) {
  CheckinOutcome first = CheckIn("user-1");
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.checkin.expires_at, At("2026-11-21T15:00:00Z"));  // the seed's 1 h
  clock_.Set(At("2026-11-21T14:40:00Z"));
  CheckinOutcome again = CheckIn("user-1");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.checkin.id, first.checkin.id);
  EXPECT_EQ(Get(first.checkin.id, "user-1").expires_at, At("2026-11-21T15:40:00Z"));
  EXPECT_EQ(Events(), (Seq{"presence checkin.started active", "user:user-1 checkin.started active",
                           "presence checkin.extended active",
                           "user:user-1 checkin.extended active"}));
}

TEST_P(CheckinsTest, TheSchemaAllowsOneActiveCheckinPerUser) {
  CheckIn("user-1");
  Checkin second;
  second.id = core::UuidGenerator().NewV7(clock_.Now());
  second.user_id = "user-1";
  second.checked_in_at = clock_.Now();
  second.expires_at = clock_.Now() + Duration::Hours(1);
  core::Result<void> inserted = db().Write(
      [&](store::Connection& c) { return CheckinRepository::Insert(c, second); });
  EXPECT_EQ(store::testing::CodeOf(inserted), "conflict");
  EXPECT_EQ(Count("checkins"), 1);
}

TEST_P(CheckinsTest, ExpiryHappensAtTheInstantWithItsEvent) {
  StartScheduler();
  CheckinOutcome in = CheckIn("user-1", Duration::Minutes(30));
  AdvanceTo(At("2026-11-21T14:29:59.999Z"));
  EXPECT_EQ(Get(in.checkin.id, "user-1").stored_status, StoredStatus::kActive);
  EXPECT_EQ(Events().size(), 2u);

  AdvanceTo(At("2026-11-21T14:30:00Z"));
  EXPECT_EQ(Get(in.checkin.id, "user-1").stored_status, StoredStatus::kExpired);
  EXPECT_EQ(Events(), (Seq{"presence checkin.started active", "user:user-1 checkin.started active",
                           "presence checkin.expired expired",
                           "user:user-1 checkin.expired expired"}));
  EXPECT_EQ(Stats().expired_but_marked_active, 0);
}

TEST_P(CheckinsTest, AnExtendedCheckinExpiresAtItsNewExpiryOnly) {
  StartScheduler();
  CheckinOutcome in = CheckIn("user-1", Duration::Minutes(10));
  AdvanceTo(At("2026-11-21T14:05:00Z"));
  CheckIn("user-1", Duration::Minutes(10));  // now expires at 14:15
  AdvanceTo(At("2026-11-21T14:10:00Z"));     // the first deadline finds nothing due
  EXPECT_EQ(Get(in.checkin.id, "user-1").stored_status, StoredStatus::kActive);
  AdvanceTo(At("2026-11-21T14:15:00Z"));
  EXPECT_EQ(Get(in.checkin.id, "user-1").stored_status, StoredStatus::kExpired);
}

// The scheduler keeps only each task's earliest instant; every later expiry is armed again by
// the sweep before it, from the store.
TEST_P(CheckinsTest, ManyCheckinsEachExpireAtTheirOwnInstantInAnyOrderOfArrival) {
  StartScheduler();
  CheckinOutcome late = CheckIn("late", Duration::Minutes(30));      // 14:30
  CheckinOutcome early = CheckIn("early", Duration::Minutes(10));    // 14:10, armed after
  CheckinOutcome middle = CheckIn("middle", Duration::Minutes(20));  // 14:20
  auto stored = [&](const CheckinOutcome& o) {
    return Get(o.checkin.id, o.checkin.user_id).stored_status;
  };
  AdvanceTo(At("2026-11-21T14:10:00Z"));
  EXPECT_EQ(stored(early), StoredStatus::kExpired);
  EXPECT_EQ(stored(middle), StoredStatus::kActive);
  AdvanceTo(At("2026-11-21T14:20:00Z"));
  EXPECT_EQ(stored(middle), StoredStatus::kExpired);
  EXPECT_EQ(stored(late), StoredStatus::kActive);
  AdvanceTo(At("2026-11-21T14:30:00Z"));
  EXPECT_EQ(stored(late), StoredStatus::kExpired);
}

TEST_P(CheckinsTest, PresenceIsComputedAtReadTimeEvenWithoutTheSweep) {
  // No scheduler: the process was down at the expiry.
  CheckinOutcome in = CheckIn("user-1");
  clock_.Set(At("2026-11-21T15:00:00Z"));
  Checkin read = Get(in.checkin.id, "user-1");
  EXPECT_EQ(CheckinStatusAt(read, clock_.Now()), CheckinStatus::kExpired);
  EXPECT_EQ(CheckinToJson(read, clock_.Now())["active"], false);
  EXPECT_EQ(Stats().active, 0);
  EXPECT_EQ(Stats().expired_but_marked_active, 1);
  std::vector<Checkin> active;
  ASSERT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
    auto page = CheckinRepository::ListActive(c, clock_.Now(), std::nullopt, std::nullopt, 100);
    if (!page) return page.error();
    active = *page;
    return core::Ok();
  }));
  EXPECT_TRUE(active.empty());

  // Checking in again ends the stale one as expired, with its event, and starts a new one.
  CheckinOutcome next = CheckIn("user-1");
  EXPECT_TRUE(next.created);
  EXPECT_NE(next.checkin.id, in.checkin.id);
  EXPECT_EQ(Get(in.checkin.id, "user-1").stored_status, StoredStatus::kExpired);
  EXPECT_EQ(Events()[2], "presence checkin.expired expired");
  EXPECT_EQ(Events()[4], "presence checkin.started active");
}

TEST_P(CheckinsTest, CheckoutEndsOnceAndHidesOthersCheckins) {
  CheckinOutcome in = CheckIn("user-1");
  EXPECT_EQ(store::testing::CodeOf(CheckOut(in.checkin.id, "user-2")), "not_found");
  clock_.Set(At("2026-11-21T14:20:00Z"));
  core::Result<Checkin> out = CheckOut(in.checkin.id, "user-1");
  ASSERT_OK(out);
  EXPECT_EQ(CheckinStatusAt(*out, clock_.Now()), CheckinStatus::kInactive);
  EXPECT_EQ(out->checked_out_at, At("2026-11-21T14:20:00Z"));
  clock_.Set(At("2026-11-21T14:25:00Z"));
  core::Result<Checkin> again = CheckOut(in.checkin.id, "user-1");
  ASSERT_OK(again);
  EXPECT_EQ(again->checked_out_at, At("2026-11-21T14:20:00Z"));
  EXPECT_EQ(Events().size(), 4u) << "the second checkout publishes nothing";
  EXPECT_EQ(Stats().manually_checked_out, 1);
}

TEST_P(CheckinsTest, StatsCountAsTheSeedsMonitoringQuery) {
  CheckIn("a");                                    // active, 60 min
  CheckinOutcome b = CheckIn("b", Duration::Minutes(30));
  CheckIn("c", Duration::Minutes(10));             // expires at 14:10, not swept
  clock_.Set(At("2026-11-21T14:15:00Z"));
  ASSERT_OK(CheckOut(b.checkin.id, "b"));          // 15 min
  CheckinStats stats = Stats();
  EXPECT_EQ(stats.active, 1);
  EXPECT_EQ(stats.expired_but_marked_active, 1);
  EXPECT_EQ(stats.manually_checked_out, 1);
  EXPECT_EQ(stats.total, 3);
  ASSERT_TRUE(stats.avg_duration_minutes_7d.has_value());
  EXPECT_NEAR(*stats.avg_duration_minutes_7d, (60.0 + 15.0 + 10.0) / 3, 0.01);
}

// The 7-day average and the counts stay exact as check-ins are extended, checked out,
// expired and cleaned up, and as the window's start moves through a 10-minute slot (SQLite
// answers from running totals kept by triggers; PostgreSQL from the rows).
TEST_P(CheckinsTest, StatsStayExactThroughChangesAndAtTheWindowsEdge) {
  clock_.Set(At("2026-11-21T14:03:00Z"));
  CheckinOutcome early = CheckIn("early", Duration::Minutes(20));   // 20 min
  clock_.Set(At("2026-11-21T14:07:00Z"));
  CheckinOutcome later = CheckIn("later", Duration::Minutes(40));   // 40 min, then extended
  clock_.Set(At("2026-11-21T14:30:00Z"));
  CheckIn("later", Duration::Minutes(45));  // a heartbeat: now to 15:15, 68 min in all
  clock_.Set(At("2026-11-28T14:00:00Z"));
  CheckinOutcome recent = CheckIn("recent", Duration::Minutes(30));
  clock_.Set(At("2026-11-28T14:06:00Z"));
  ASSERT_OK(CheckOut(recent.checkin.id, "recent"));                 // 6 min

  // The window starts at 14:06 on the 21st, inside the slot of both older check-ins: only
  // "later" (14:07) is in it.
  CheckinStats stats = Stats();
  EXPECT_EQ(stats.total, 3);
  EXPECT_EQ(stats.active, 0);
  EXPECT_EQ(stats.expired_but_marked_active, 2);
  EXPECT_EQ(stats.manually_checked_out, 1);
  ASSERT_TRUE(stats.avg_duration_minutes_7d.has_value());
  EXPECT_NEAR(*stats.avg_duration_minutes_7d, (68.0 + 6.0) / 2, 0.001);

  clock_.Set(At("2026-11-28T14:02:00Z") + Duration::Minutes(10));  // window from 14:12
  ASSERT_OK(db().Write([&](store::Connection& c) -> core::Result<void> {
    auto expired = service_.ExpireDue(c, clock_.Now(), 100);
    if (!expired) return expired.error();
    EXPECT_EQ(expired->size(), 2u);
    auto removed = CheckinRepository::DeleteEndedBefore(c, At("2026-11-21T14:05:00Z"));
    if (!removed) return removed.error();
    EXPECT_EQ(*removed, 1);
    return core::Ok();
  }));
  stats = Stats();
  EXPECT_EQ(stats.total, 2) << "cleanup removed the 14:03 check-in";
  EXPECT_EQ(stats.expired_but_marked_active, 0);
  EXPECT_EQ(stats.manually_checked_out, 1);
  ASSERT_TRUE(stats.avg_duration_minutes_7d.has_value());
  EXPECT_NEAR(*stats.avg_duration_minutes_7d, 6.0, 0.001) << "14:07 is before the window";

  clock_.Set(At("2026-12-06T00:00:00Z"));
  EXPECT_FALSE(Stats().avg_duration_minutes_7d.has_value()) << "no check-in in 7 days";
  EXPECT_EQ(Stats().total, 2);
}

TEST_P(CheckinsTest, CleanupRemovesOnlyEndedCheckinsOlderThanTheRetention) {
  CheckinOutcome old = CheckIn("old");
  ASSERT_OK(CheckOut(old.checkin.id, "old"));
  clock_.Set(At("2026-11-29T14:00:00Z"));
  CheckinOutcome recent = CheckIn("recent");
  ASSERT_OK(CheckOut(recent.checkin.id, "recent"));
  CheckIn("present");
  core::Result<int64_t> removed = core::Error::Internal("not run");
  ASSERT_OK(db().Write([&](store::Connection& c) -> core::Result<void> {
    removed = CheckinRepository::DeleteEndedBefore(c, clock_.Now() - Duration::Days(7));
    if (!removed) return removed.error();
    return core::Ok();
  }));
  EXPECT_EQ(*removed, 1);
  EXPECT_EQ(Count("checkins"), 2);
}

// The long lists are written straight to text; every other answer and event goes through
// CheckinToJson. A client must not tell them apart.
TEST(CheckinJsonTest, TheListTextIsTheSameAsTheSingleCheckinsJson) {
  Timestamp now = At("2026-11-21T14:20:00Z");
  Checkin active;
  active.id = *core::Uuid::Parse("01937f6a-1c2b-7abc-8def-0123456789ab");
  active.user_id = "user \"quoted\" \u00e9";
  active.checked_in_at = At("2026-11-21T14:00:00.123456Z");
  active.expires_at = At("2026-11-21T15:00:00Z");
  active.metadata = {{"site", "north"}, {"tags", {1, 2.5, nullptr}}};
  Checkin out = active;
  out.stored_status = StoredStatus::kInactive;
  out.checked_out_at = At("2026-11-21T14:10:00Z");
  Checkin lapsed = active;
  lapsed.expires_at = At("2026-11-21T14:19:59Z");  // active in the store, expired by the clock
  for (const Checkin& checkin : {active, out, lapsed}) {
    std::string text;
    core::JsonWriter writer(text);
    WriteCheckinJson(writer, checkin, now);
    EXPECT_EQ(text, CheckinToJson(checkin, now).dump());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckinsTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace sessiond::checkins::testing
