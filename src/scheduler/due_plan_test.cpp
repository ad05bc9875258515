#include "scheduler/due_plan.hpp"

#include <gtest/gtest.h>

namespace sessiond::scheduler {
namespace {

using core::Duration;
using core::Timestamp;

Timestamp At(const char* text) { return *Timestamp::Parse(text); }

std::vector<std::string> Times(const std::vector<Occurrence>& occurrences) {
  std::vector<std::string> out;
  for (const Occurrence& o : occurrences) out.push_back(o.at.ToRfc3339());
  return out;
}

class DuePlanTest : public ::testing::Test {
 protected:
  DuePlan Plan(const char* expression, const char* next_at, const char* now, CatchUp policy,
               Duration window = Duration::Days(7)) {
    Schedule schedule = *Schedule::Parse(expression);
    return PlanDue(schedule, core::TimeZone::Utc(), Occurrence{At(next_at)}, At(now), policy,
                   window);
  }
};

TEST_F(DuePlanTest, OccurrenceDueNowRunsOnTime) {
  DuePlan plan = Plan("5 0 * * *", "2026-11-21T00:05:00Z", "2026-11-21T00:05:00.002Z", CatchUp::kAll);
  ASSERT_TRUE(plan.on_time);
  EXPECT_EQ(plan.on_time->at, At("2026-11-21T00:05:00Z"));
  EXPECT_TRUE(plan.catch_up.empty());
  EXPECT_EQ(plan.missed, 0);
  EXPECT_EQ(plan.next->at, At("2026-11-22T00:05:00Z"));
}

TEST_F(DuePlanTest, DowntimeWithCatchUpAllRunsEachMissedDayOldestFirst) {
  DuePlan plan = Plan("5 0 * * *", "2026-11-18T00:05:00Z", "2026-11-21T09:00:00Z", CatchUp::kAll);
  EXPECT_FALSE(plan.on_time);
  EXPECT_EQ(Times(plan.catch_up),
            (std::vector<std::string>{"2026-11-18T00:05:00.000Z", "2026-11-19T00:05:00.000Z",
                                      "2026-11-20T00:05:00.000Z", "2026-11-21T00:05:00.000Z"}));
  EXPECT_EQ(plan.missed, 4);
  EXPECT_EQ(plan.last_handled, At("2026-11-21T00:05:00Z"));
  EXPECT_EQ(plan.next->at, At("2026-11-22T00:05:00Z"));
}

TEST_F(DuePlanTest, CatchUpLatestRunsOnlyTheNewestMissed) {
  DuePlan plan = Plan("0 * * * *", "2026-11-21T01:00:00Z", "2026-11-21T05:30:00Z", CatchUp::kLatest);
  EXPECT_EQ(Times(plan.catch_up), (std::vector<std::string>{"2026-11-21T05:00:00.000Z"}));
  EXPECT_EQ(plan.missed, 5);
}

TEST_F(DuePlanTest, CatchUpNoneDropsMissedButKeepsOnTime) {
  DuePlan plan = Plan("0 * * * *", "2026-11-21T01:00:00Z", "2026-11-21T05:00:03Z", CatchUp::kNone);
  EXPECT_TRUE(plan.catch_up.empty());
  ASSERT_TRUE(plan.on_time);
  EXPECT_EQ(plan.on_time->at, At("2026-11-21T05:00:00Z"));
  EXPECT_EQ(plan.missed, 4);
}

TEST_F(DuePlanTest, WindowBoundsCatchUp) {
  DuePlan plan = Plan("5 0 * * *", "2026-11-01T00:05:00Z", "2026-11-21T09:00:00Z", CatchUp::kAll,
                      Duration::Hours(48));
  EXPECT_EQ(Times(plan.catch_up),
            (std::vector<std::string>{"2026-11-20T00:05:00.000Z", "2026-11-21T00:05:00.000Z"}));
  EXPECT_EQ(plan.missed, 21);  // 1 to 21 November, all missed
}

TEST_F(DuePlanTest, MoreThanTheLimitIsSkipped) {
  DuePlan plan = Plan("every 1s", "2026-11-21T00:00:00Z", "2026-11-21T01:00:00Z", CatchUp::kAll);
  ASSERT_TRUE(plan.on_time);
  EXPECT_EQ(plan.catch_up.size(), size_t(kCatchUpLimit));
  EXPECT_EQ(plan.catch_up.front().at, At("2026-11-21T00:00:00Z"));
  EXPECT_EQ(plan.skipped.size(), 3600u - kCatchUpLimit);
  EXPECT_EQ(plan.skipped.back().at, At("2026-11-21T00:59:59Z"));
}

}  // namespace
}  // namespace sessiond::scheduler
