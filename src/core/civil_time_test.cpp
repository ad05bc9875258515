#include "core/civil_time.hpp"

#include <chrono>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

TEST(Date, ParsesIsoDates) {
  struct Case {
    std::string_view text;
    int year;
    unsigned month;
    unsigned day;
  };
  const Case cases[] = {
      {"2026-11-21", 2026, 11, 21}, {"2024-02-29", 2024, 2, 29},  {"2000-02-29", 2000, 2, 29},
      {"1970-01-01", 1970, 1, 1},   {"1899-12-31", 1899, 12, 31}, {"0001-01-01", 1, 1, 1},
      {"9999-12-31", 9999, 12, 31},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Date> parsed = Date::Parse(c.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(parsed->year(), c.year);
    EXPECT_EQ(parsed->month(), c.month);
    EXPECT_EQ(parsed->day(), c.day);
    EXPECT_EQ(parsed->ToString(), c.text);
  }
}

TEST(Date, RejectsImpossibleDatesAndOtherForms) {
  const std::string_view cases[] = {
      "",
      "2026-13-01",  // month 13
      "2026-00-01",  // month 0
      "2026-01-00",  // day 0
      "2026-01-32",
      "2026-04-31",  // April has 30 days
      "2026-02-29",  // not a leap year
      "1900-02-29",  // centuries are not leap years unless divisible by 400
      "2026-1-1",    // digits must be padded
      "2026-01-1",
      "26-01-01",
      "20260101",
      "2026/01/01",
      "2026-01-01 ",
      " 2026-01-01",
      "2026-01-01T00:00:00",
      "+2026-01-01",
      "-2026-01-01",
      "yyyy-mm-dd",
      "today",
  };
  for (std::string_view text : cases) {
    SCOPED_TRACE(text);
    Result<Date> parsed = Date::Parse(text);
    ASSERT_FALSE(parsed.ok()) << "parsed as " << parsed->ToString();
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnprocessable);
    EXPECT_NE(parsed.error().message.find("'" + std::string(text) + "'"), std::string::npos)
        << parsed.error().message;
  }
}

TEST(Date, FormatsWithZeroPadding) {
  EXPECT_EQ(Date(2026, 3, 8).ToString(), "2026-03-08");
  EXPECT_EQ(Date(5, 1, 1).ToString(), "0005-01-01");
  EXPECT_EQ(Date().ToString(), "1970-01-01");
}

TEST(Date, AddDaysCrossesMonthsYearsAndLeapDays) {
  struct Case {
    Date from;
    int days;
    std::string_view expected;
  };
  const Case cases[] = {
      {Date(2026, 11, 21), 0, "2026-11-21"},    {Date(2026, 1, 31), 1, "2026-02-01"},
      {Date(2026, 2, 28), 1, "2026-03-01"},     {Date(2024, 2, 28), 1, "2024-02-29"},
      {Date(2024, 2, 29), 1, "2024-03-01"},     {Date(2026, 12, 31), 1, "2027-01-01"},
      {Date(2027, 1, 1), -1, "2026-12-31"},     {Date(2026, 3, 1), -1, "2026-02-28"},
      {Date(2026, 1, 1), 365, "2027-01-01"},    {Date(2024, 1, 1), 365, "2024-12-31"},
      {Date(1970, 1, 1), -1, "1969-12-31"},     {Date(2026, 11, 21), 100, "2027-03-01"},
      {Date(2026, 11, 21), -100, "2026-08-13"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.from.AddDays(c.days).ToString(), c.expected)
        << c.from.ToString() << " + " << c.days;
  }
}

TEST(Date, WeekdayCountsFromSunday) {
  struct Case {
    Date date;
    unsigned weekday;  // 0 = Sunday
  };
  const Case cases[] = {
      {Date(1970, 1, 1), 4},    // Thursday
      {Date(2026, 11, 21), 6},  // Saturday
      {Date(2026, 3, 8), 0},    // Sunday
      {Date(2026, 3, 9), 1},    // Monday
      {Date(2024, 2, 29), 4},   // Thursday
      {Date(1969, 12, 31), 3},  // Wednesday
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.date.Weekday(), c.weekday) << c.date.ToString();
  }
}

TEST(Date, OrdersChronologically) {
  EXPECT_LT(Date(2026, 1, 31), Date(2026, 2, 1));
  EXPECT_LT(Date(2025, 12, 31), Date(2026, 1, 1));
  EXPECT_EQ(Date(2026, 11, 21), *Date::Parse("2026-11-21"));
  EXPECT_EQ(Date(2026, 11, 21).ToSysDays(),
            std::chrono::sys_days{std::chrono::year{2026} / 11 / 21});
}

TEST(LocalDateTime, FormatsWithoutZone) {
  EXPECT_EQ((LocalDateTime{Date(2026, 3, 8), 2, 30, 0}).ToString(), "2026-03-08T02:30:00");
  EXPECT_EQ((LocalDateTime{Date(2026, 12, 31), 23, 59, 59}).ToString(), "2026-12-31T23:59:59");
}

TEST(LocalDateTime, RoundTripsThroughLocalSeconds) {
  const LocalDateTime cases[] = {
      {Date(2026, 3, 8), 2, 30, 0}, {Date(2026, 12, 31), 23, 59, 59},
      {Date(1970, 1, 1), 0, 0, 0},  {Date(1969, 12, 31), 23, 59, 59},
      {Date(1900, 1, 1), 12, 0, 1},
  };
  for (const LocalDateTime& local : cases) {
    EXPECT_EQ(LocalDateTime::FromLocalSeconds(local.ToLocalSeconds()).ToString(), local.ToString());
  }
  EXPECT_EQ(LocalDateTime::FromLocalSeconds(std::chrono::local_seconds{std::chrono::seconds{-1}})
                .ToString(),
            "1969-12-31T23:59:59");
}

TEST(LocalDateTime, OrdersByDateThenTime) {
  EXPECT_LT((LocalDateTime{Date(2026, 3, 8), 23, 0, 0}),
            (LocalDateTime{Date(2026, 3, 9), 0, 0, 0}));
  EXPECT_LT((LocalDateTime{Date(2026, 3, 8), 2, 30, 0}),
            (LocalDateTime{Date(2026, 3, 8), 2, 30, 1}));
}

}  // namespace
}  // namespace sessiond::core
