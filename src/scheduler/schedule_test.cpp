#include "scheduler/schedule.hpp"

#include <gtest/gtest.h>

namespace sessiond::scheduler {
namespace {

using core::Timestamp;

Timestamp At(const char* rfc3339) { return *Timestamp::Parse(rfc3339); }

// The next `count` occurrences after `from`, printed as "instant" or "instant shifted", so a
// whole sequence compares at once.
std::vector<std::string> Next(const char* expression, const char* zone_name, const char* from,
                              int count) {
  core::Result<Schedule> schedule = Schedule::Parse(expression);
  EXPECT_TRUE(schedule) << schedule.error().ToString();
  core::TimeZone zone = *core::TimeZone::Find(zone_name);
  std::vector<std::string> out;
  Timestamp after = At(from);
  for (int i = 0; i < count; ++i) {
    std::optional<Occurrence> next = schedule->NextAfter(after, zone);
    if (!next) break;
    out.push_back(next->at.ToRfc3339() + (next->dst_shifted ? " shifted" : ""));
    after = next->at;
  }
  return out;
}

using Seq = std::vector<std::string>;

TEST(CronSchedule, FiresDailyAtWallTimeInZone) {
  EXPECT_EQ(Next("5 0 * * *", "Europe/Berlin", "2026-06-01T00:00:00Z", 2),
            (Seq{"2026-06-01T22:05:00.000Z", "2026-06-02T22:05:00.000Z"}));
  EXPECT_EQ(Next("5 0 * * *", "UTC", "2026-06-01T00:05:00Z", 1), (Seq{"2026-06-02T00:05:00.000Z"}));
}

TEST(CronSchedule, MissingLocalTimeOnSpringForwardFiresOnceAtEndOfGap) {
  EXPECT_EQ(Next("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 2),
            (Seq{"2026-03-08T07:00:00.000Z shifted", "2026-03-09T06:30:00.000Z"}));
  EXPECT_EQ(Next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 2),
            (Seq{"2026-03-29T01:00:00.000Z shifted", "2026-03-30T00:30:00.000Z"}));
  // Chile changes at midnight: the daily midnight run moves to 01:00 local.
  EXPECT_EQ(Next("0 0 * * *", "America/Santiago", "2026-09-05T12:00:00Z", 2),
            (Seq{"2026-09-06T04:00:00.000Z shifted", "2026-09-07T03:00:00.000Z"}));
}

TEST(CronSchedule, RepeatedLocalTimeOnFallBackFiresOnceAtFirstInstant) {
  EXPECT_EQ(Next("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 2),
            (Seq{"2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"}));
  EXPECT_EQ(Next("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 2),
            (Seq{"2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"}));
  EXPECT_EQ(Next("30 23 * * *", "America/Santiago", "2026-04-04T12:00:00Z", 2),
            (Seq{"2026-04-05T02:30:00.000Z", "2026-04-06T03:30:00.000Z"}));
}

TEST(CronSchedule, WildcardHourFollowsRealTimeThroughRepeatedHour) {
  // 01:00 and 01:30 happen twice in New York on 1 November 2026: both fire each time.
  EXPECT_EQ(Next("*/30 * * * *", "America/New_York", "2026-11-01T04:50:00Z", 5),
            (Seq{"2026-11-01T05:00:00.000Z", "2026-11-01T05:30:00.000Z",
                 "2026-11-01T06:00:00.000Z", "2026-11-01T06:30:00.000Z",
                 "2026-11-01T07:00:00.000Z"}));
}

TEST(CronSchedule, WildcardHourSkipsWallTimesInsideGap) {
  EXPECT_EQ(Next("*/30 * * * *", "America/New_York", "2026-03-08T06:10:00Z", 3),
            (Seq{"2026-03-08T06:30:00.000Z", "2026-03-08T07:00:00.000Z",
                 "2026-03-08T07:30:00.000Z"}));
  EXPECT_EQ(Next("0 * * * *", "Europe/Berlin", "2026-03-29T00:30:00Z", 2),
            (Seq{"2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"}));
}

TEST(CronSchedule, FieldSyntax) {
  struct Case {
    const char* expression;
    const char* from;
    Seq expected;
  };
  const Case cases[] = {
      {"0 0 L * *", "2026-02-10T00:00:00Z", {"2026-02-28T00:00:00.000Z", "2026-03-31T00:00:00.000Z"}},
      {"0 0 $ 2 *", "2027-03-01T00:00:00Z", {"2028-02-29T00:00:00.000Z"}},
      {"0 9 * * MON-FRI", "2026-11-20T10:00:00Z", {"2026-11-23T09:00:00.000Z"}},
      {"0 9 * * 7", "2026-11-20T10:00:00Z", {"2026-11-22T09:00:00.000Z"}},
      {"0 9 * * sun", "2026-11-20T10:00:00Z", {"2026-11-22T09:00:00.000Z"}},
      // Both day fields restricted: the 13th or a Friday.
      {"0 0 13 * FRI", "2026-11-10T00:00:00Z", {"2026-11-13T00:00:00.000Z", "2026-11-20T00:00:00.000Z"}},
      {"0 0 1 JAN,jul *", "2026-02-01T00:00:00Z", {"2026-07-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"}},
      {"15-45/15 8 * * *", "2026-01-01T00:00:00Z",
       {"2026-01-01T08:15:00.000Z", "2026-01-01T08:30:00.000Z", "2026-01-01T08:45:00.000Z"}},
      {"10/20 8 * * *", "2026-01-01T00:00:00Z",
       {"2026-01-01T08:10:00.000Z", "2026-01-01T08:30:00.000Z", "2026-01-01T08:50:00.000Z"}},
      {"*/20 * * * * *", "2026-01-01T00:00:05Z",
       {"2026-01-01T00:00:20.000Z", "2026-01-01T00:00:40.000Z", "2026-01-01T00:01:00.000Z"}},
      {"@weekly", "2026-11-18T00:00:00Z", {"2026-11-22T00:00:00.000Z"}},
      {"@hourly", "2026-11-18T00:00:00Z", {"2026-11-18T01:00:00.000Z"}},
      {"@yearly", "2026-11-18T00:00:00Z", {"2027-01-01T00:00:00.000Z"}},
      {"@monthly", "2026-11-18T00:00:00Z", {"2026-12-01T00:00:00.000Z"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Next(c.expression, "UTC", c.from, int(c.expected.size())), c.expected)
        << c.expression;
  }
}

TEST(IntervalSchedule, AlignsToTheEpochWhateverTheZone) {
  // 1,000,000,080 is a multiple of 90.
  EXPECT_EQ(Next("every 90s", "America/New_York", "2001-09-09T01:47:40Z", 2),
            (Seq{"2001-09-09T01:48:00.000Z", "2001-09-09T01:49:30.000Z"}));
  EXPECT_EQ(Next("every 5m", "Europe/Berlin", "2026-03-29T00:58:00Z", 3),
            (Seq{"2026-03-29T01:00:00.000Z", "2026-03-29T01:05:00.000Z", "2026-03-29T01:10:00.000Z"}));
  EXPECT_EQ(Next("30 seconds", "UTC", "2026-01-01T00:00:00Z", 2),
            (Seq{"2026-01-01T00:00:30.000Z", "2026-01-01T00:01:00.000Z"}));
  EXPECT_EQ(Next("every 2h", "UTC", "2026-01-01T00:00:00.001Z", 1), (Seq{"2026-01-01T02:00:00.000Z"}));
}

TEST(ScheduleParse, RejectsInvalidExpressionsNamingThePart) {
  struct Case {
    const char* expression;
    const char* part;
    const char* token;
  };
  const Case cases[] = {
      {"61 * * * *", "minute", "61"},
      {"* 24 * * *", "hour", "24"},
      {"* * 0 * *", "day_of_month", "0"},
      {"* * * 13 *", "month", "13"},
      {"* * * * 8", "day_of_week", "8"},
      {"* * * FOO *", "month", "FOO"},
      {"*/0 * * * *", "minute", "*/0"},
      {"5-1 * * * *", "minute", "5-1"},
      {"* * *", "expression", "* * *"},
      {"* * * * * * *", "expression", "* * * * * * *"},
      {"0 0 30 2 *", "day_of_month", "30"},
      {"@fortnightly", "macro", "@fortnightly"},
      {"every 0s", "interval", "0s"},
      {"every 5", "interval", "5"},
      {"every 1500ms", "interval", "1500ms"},
      {"every 20000000d", "interval", "20000000d"},
      {"60 seconds", "interval", "60"},
  };
  for (const Case& c : cases) {
    core::Result<Schedule> schedule = Schedule::Parse(c.expression);
    ASSERT_FALSE(schedule) << c.expression;
    EXPECT_EQ(schedule.error().code, core::ErrorCode::kUnprocessable) << c.expression;
    EXPECT_EQ(schedule.error().details.value("field", ""), "schedule") << c.expression;
    EXPECT_EQ(schedule.error().details.value("part", ""), c.part) << c.expression;
    EXPECT_EQ(schedule.error().details.value("token", ""), c.token) << c.expression;
  }
  EXPECT_FALSE(Schedule::Parse(""));
  EXPECT_FALSE(Schedule::Parse("   "));
}

}  // namespace
}  // namespace sessiond::scheduler
