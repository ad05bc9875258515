// Templates and sessions on both backends: idempotent generation (twice and concurrently),
// DST kept in stored sessions, exceptions surviving template edits, pause and delete, and
// bad input rejected with the field named and nothing stored.
#include <thread>

#include <gtest/gtest.h>

#include "recurring_test_fixture.hpp"

namespace sessiond::recurring::testing {
namespace {

// The seed's example: Monday and Wednesday evenings.
core::Json SeedTemplate() {
  return {{"name", "Evening class"},
          {"timezone", "America/New_York"},
          {"recurring_config",
           {{"days_of_week", {"mon", "wed"}}, {"start_time", "18:00"}, {"end_time", "19:30"}}},
          {"starts_on", "2026-03-01"}};
}

TEST_P(RecurringStoreTest, CreatingATemplateGeneratesAMonthKeepingLocalTimeAcrossDst) {
  SessionTemplate t = CreateTemplate(SeedTemplate());
  EXPECT_EQ(t.rule.ToString(), "FREQ=WEEKLY;BYDAY=MO,WE");
  std::vector<Session> sessions = Sessions();
  // 2026-03-01 .. 2026-03-31: Mondays 2, 9, 16, 23, 30 and Wednesdays 4, 11, 18, 25.
  ASSERT_EQ(sessions.size(), 9u);
  EXPECT_EQ(sessions[0].valid_from, At("2026-03-02T23:00:00Z"));  // EST
  EXPECT_EQ(sessions[2].valid_from, At("2026-03-09T22:00:00Z"));  // EDT after 2026-03-08
  for (const Session& s : sessions) {
    EXPECT_EQ((s.valid_until - s.valid_from).seconds(), 90 * 60);
    EXPECT_EQ(s.status, SessionStatus::kScheduled);
  }
}

TEST_P(RecurringStoreTest, GeneratingTwiceCreatesNothingTheSecondTime) {
  SessionTemplate t = CreateTemplate(SeedTemplate());
  auto generate = [&] {
    return Write<Generated>([&](store::Connection& c) { return service_.Generate(c, t.id, 60, "api"); });
  };
  core::Result<Generated> first = generate();
  ASSERT_OK(first);
  EXPECT_EQ(first->created, 9);  // April, on top of March
  core::Result<Generated> second = generate();
  ASSERT_OK(second);
  EXPECT_EQ(second->created, 0);
  EXPECT_EQ(Count("recurring_sessions"), 18);
  EXPECT_EQ(Count("recurring_session_logs"), 18);
}

// What another node's generation leaves behind: a batch whose dates are partly taken inserts
// the rest and says which ones it inserted (the generator logs and publishes only those).
TEST_P(RecurringStoreTest, ABatchWithATakenDateInsertsAndReportsOnlyTheOthers) {
  SessionTemplate t = CreateTemplate(SeedTemplate());
  std::vector<Session> stored = Sessions();
  ASSERT_EQ(stored.size(), 9u);
  core::UuidGenerator ids;
  auto fresh = [&](const Session& like, int days_later) {
    Session s = like;
    s.id = ids.NewV7(clock_.Now());
    s.scheduled_date = like.scheduled_date.AddDays(days_later);
    s.occurrence_start = *like.occurrence_start + core::Duration::Hours(24 * days_later);
    s.valid_from = like.valid_from + core::Duration::Hours(24 * days_later);
    s.valid_until = like.valid_until + core::Duration::Hours(24 * days_later);
    return s;
  };
  std::vector<Session> batch = {fresh(stored[8], 7), fresh(stored[0], 0), fresh(stored[8], 14)};
  core::Result<std::set<core::Uuid>> inserted = Write<std::set<core::Uuid>>(
      [&](store::Connection& c) { return Repository::InsertOccurrences(c, batch); });
  ASSERT_OK(inserted);
  EXPECT_EQ(*inserted, (std::set<core::Uuid>{batch[0].id, batch[2].id}));
  EXPECT_EQ(Count("recurring_sessions"), 11);
}

TEST_P(RecurringStoreTest, TwoNodesGeneratingAtOnceCreateEachSessionOnce) {
  SessionTemplate t = CreateTemplate(SeedTemplate());
  std::unique_ptr<store::Database> other = OpenAnother();
  Service other_service(clock_);
  std::atomic<int> created{0};
  auto run = [&](store::Database& database, Service& service) {
    for (int i = 0; i < 5; ++i) {
      core::Result<void> done = database.Write([&](store::Connection& c) -> core::Result<void> {
        core::Result<Generated> g = service.Generate(c, t.id, 120, "schedule");
        if (!g) return g.error();
        created += g->created;
        return core::Ok();
      });
      // A loser may see a serialization conflict on PostgreSQL; what matters is no duplicate.
      if (!done) {
        EXPECT_NE(done.error().code, core::ErrorCode::kInternal) << done.error().ToString();
      }
    }
  };
  std::thread a([&] { run(db(), service_); });
  std::thread b([&] { run(*other, other_service); });
  a.join();
  b.join();
  int64_t sessions = Count("recurring_sessions");
  EXPECT_EQ(sessions, 9 + created.load());
  EXPECT_EQ(Count("recurring_session_logs"), sessions);
  // 2026-03-01 .. 2026-06-29: every Monday and Wednesday exactly once.
  EXPECT_EQ(sessions, 35);
}

TEST_P(RecurringStoreTest, EditedAndCancelledOccurrencesSurviveATemplateTimeChange) {
  SessionTemplate t = CreateTemplate(SeedTemplate());
  std::vector<Session> before = Sessions();
  ASSERT_EQ(before.size(), 9u);
  // Monday 9th: moved to 17:00 by hand. Wednesday 11th: cancelled.
  ASSERT_OK(Write<Session>([&](store::Connection& c) {
    return service_.PatchSession(c, before[2].id,
                                 {{"valid_from", "2026-03-09T21:00:00Z"}, {"valid_until", "2026-03-09T22:00:00Z"}});
  }));
  ASSERT_OK(Write<Session>([&](store::Connection& c) { return service_.CancelSession(c, before[3].id); }));
  clock_.Set(At("2026-03-05T12:00:00Z"));  // the first two occurrences are past
  ASSERT_OK(Write<SessionTemplate>([&](store::Connection& c) {
    return service_.UpdateTemplate(c, t.id, {{"start_time", "19:00"}, {"end_time", "20:00"}});
  }));
  EXPECT_EQ(Print(), (Seq{"2026-03-02 18:00 scheduled", "2026-03-04 18:00 scheduled",
                          "2026-03-09 17:00 scheduled edited", "2026-03-11 18:00 cancelled",
                          "2026-03-16 19:00 scheduled", "2026-03-18 19:00 scheduled",
                          "2026-03-23 19:00 scheduled", "2026-03-25 19:00 scheduled",
                          "2026-03-30 19:00 scheduled", "2026-04-01 19:00 scheduled"}));
  // A rule change too: Tuesdays instead. The kept dates stay, the rest moves.
  ASSERT_OK(Write<SessionTemplate>([&](store::Connection& c) {
    return service_.UpdateTemplate(c, t.id, {{"rule", "FREQ=WEEKLY;BYDAY=TU"}});
  }));
  EXPECT_EQ(Print(), (Seq{"2026-03-02 18:00 scheduled", "2026-03-04 18:00 scheduled",
                          "2026-03-09 17:00 scheduled edited", "2026-03-10 19:00 scheduled",
                          "2026-03-11 18:00 cancelled", "2026-03-17 19:00 scheduled",
                          "2026-03-24 19:00 scheduled", "2026-03-31 19:00 scheduled"}));
}

TEST_P(RecurringStoreTest, PausingStopsGenerationAndDeletingCancelsOnlyTheFuture) {
  SessionTemplate t = CreateTemplate(SeedTemplate());
  ASSERT_OK(Write<SessionTemplate>([&](store::Connection& c) {
    return service_.UpdateTemplate(c, t.id, {{"status", "paused"}});
  }));
  core::Result<Generated> paused =
      Write<Generated>([&](store::Connection& c) { return service_.Generate(c, t.id, 60, "api"); });
  EXPECT_EQ(store::testing::CodeOf(paused), "conflict");
  EXPECT_EQ(Count("recurring_sessions"), 9);

  clock_.Set(At("2026-03-10T12:00:00Z"));
  ASSERT_OK(Write<bool>([&](store::Connection& c) -> core::Result<bool> {
    core::Result<void> deleted = service_.DeleteTemplate(c, t.id);
    if (!deleted) return deleted.error();
    return true;
  }));
  EXPECT_EQ(Print(), (Seq{"2026-03-02 18:00 scheduled", "2026-03-04 18:00 scheduled",
                          "2026-03-09 18:00 scheduled", "2026-03-11 18:00 cancelled",
                          "2026-03-16 18:00 cancelled", "2026-03-18 18:00 cancelled",
                          "2026-03-23 18:00 cancelled", "2026-03-25 18:00 cancelled",
                          "2026-03-30 18:00 cancelled"}));
  EXPECT_EQ(Count("recurring_session_logs"), 9);  // history kept
}

TEST_P(RecurringStoreTest, InvalidTemplatesAreRefusedNamingTheFieldWithNothingStored) {
  struct Bad {
    core::Json patch;
    const char* field;
  };
  const Bad cases[] = {
      {{{"rule", "FREQ=SOMETIMES"}, {"start_time", "18:00"}, {"duration", "1h"}}, "rule"},
      {{{"rule", "FREQ=WEEKLY;BYDAY=XX"}, {"start_time", "18:00"}, {"duration", "1h"}}, "rule"},
      {{{"rule", "FREQ=WEEKLY;COUNT=0"}, {"start_time", "18:00"}, {"duration", "1h"}}, "rule"},
      {{{"rule", "FREQ=WEEKLY;UNTIL=20260201"}, {"start_time", "18:00"}, {"duration", "1h"}}, "rule"},
      {{{"rule", "FREQ=WEEKLY"}, {"start_time", "18:00"}, {"end_time", "17:00"}}, "end_time"},
      {{{"rule", "FREQ=WEEKLY"}, {"start_time", "18:00"}, {"duration", "1h"}, {"timezone", "Mars/Olympus"}}, "timezone"},
      {{{"recurring_config", {{"days_of_week", {"mon"}}, {"start_time", "18:00"}, {"end_time", "07:00"}}}},
       "recurring_config.end_time"},
      {{{"rule", "FREQ=WEEKLY"}, {"start_time", "18:00"}, {"duration", "1h"}, {"ends_on", "2026-02-01"}}, "ends_on"},
      {{{"rule", "FREQ=WEEKLY"}, {"start_time", "18:00"}, {"duration", "1h"}, {"colour", "red"}}, "colour"},
  };
  for (const Bad& c : cases) {
    core::Json body = {{"name", "x"}, {"starts_on", "2026-03-01"}};
    body.update(c.patch);
    core::Result<SessionTemplate> t =
        Write<SessionTemplate>([&](store::Connection& conn) { return service_.CreateTemplate(conn, body); });
    ASSERT_FALSE(t.ok()) << body.dump();
    EXPECT_TRUE(t.error().code == core::ErrorCode::kUnprocessable || t.error().code == core::ErrorCode::kBadRequest)
        << t.error().ToString();
    EXPECT_EQ(t.error().details.value("field", ""), c.field) << body.dump();
  }
  EXPECT_EQ(Count("recurring_templates"), 0);
  EXPECT_EQ(Count("recurring_sessions"), 0);
  // An end before the start that crosses midnight explicitly is fine.
  SessionTemplate night = CreateTemplate({{"name", "night"}, {"rule", "FREQ=DAILY"}, {"start_time", "23:00"},
                                          {"end_time", "01:00"}, {"end_next_day", true}, {"starts_on", "2026-03-01"}});
  EXPECT_EQ(night.length.end_time->ToString(), "01:00");
}

TEST_P(RecurringStoreTest, OneOffSessionsAndOccurrenceEditsPublishEvents) {
  core::Result<Session> one = Write<Session>([&](store::Connection& c) {
    return service_.CreateSession(c, {{"name", "Launch"}, {"valid_from", "2026-03-02T10:00:00Z"},
                                      {"valid_until", "2026-03-02T11:00:00Z"}, {"timezone", "Europe/Berlin"}});
  });
  ASSERT_OK(one);
  EXPECT_FALSE(one->template_id.has_value());
  ASSERT_OK(Write<Session>([&](store::Connection& c) { return service_.PatchSession(c, one->id, {{"capacity", 20}}); }));
  ASSERT_OK(Write<Session>([&](store::Connection& c) { return service_.CancelSession(c, one->id); }));
  core::Result<Session> again =
      Write<Session>([&](store::Connection& c) { return service_.PatchSession(c, one->id, {{"name", "Late"}}); });
  EXPECT_EQ(store::testing::CodeOf(again), "conflict");
  EXPECT_EQ(EventTypes(), (Seq{"session.created", "session.edited", "session.cancelled"}));
  core::Result<Session> backwards = Write<Session>([&](store::Connection& c) {
    return service_.CreateSession(c, {{"name", "x"}, {"valid_from", "2026-03-02T10:00:00Z"},
                                      {"valid_until", "2026-03-02T09:00:00Z"}});
  });
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().details.value("field", ""), "valid_until");
  EXPECT_EQ(Count("recurring_sessions"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecurringStoreTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace sessiond::recurring::testing
