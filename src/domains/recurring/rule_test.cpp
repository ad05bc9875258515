// The RRULE subset and the seed's recurring_config: table-driven, input beside output.
#include "domains/recurring/rule.hpp"

#include <gtest/gtest.h>

#include "domains/recurring/recurring_config.hpp"

namespace sessiond::recurring {
namespace {

struct Case {
  const char* text;
  const char* expected;  // canonical form, or the error token
};

TEST(Rule, ParsesTheSubsetIntoCanonicalText) {
  const Case cases[] = {
      {"FREQ=WEEKLY;BYDAY=WE,MO", "FREQ=WEEKLY;BYDAY=MO,WE"},
      {"RRULE:FREQ=DAILY;INTERVAL=2", "FREQ=DAILY;INTERVAL=2"},
      {"FREQ=MONTHLY;BYDAY=1MO", "FREQ=MONTHLY;BYDAY=1MO"},
      {"FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"},
      {"FREQ=MONTHLY;BYMONTHDAY=-1,15", "FREQ=MONTHLY;BYMONTHDAY=-1,15"},
      {"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"},
      {"FREQ=WEEKLY;COUNT=10;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"},
      {"FREQ=WEEKLY;UNTIL=20261231T235959Z", "FREQ=WEEKLY;UNTIL=20261231T235959Z"},
      {"FREQ=DAILY;UNTIL=20261231", "FREQ=DAILY;UNTIL=20261231"},
      {"FREQ=WEEKLY;WKST=SU;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO;WKST=SU"},
  };
  for (const Case& c : cases) {
    core::Result<Rule> rule = Rule::Parse(c.text);
    ASSERT_TRUE(rule.ok()) << c.text << ": " << rule.error().ToString();
    EXPECT_EQ(rule->ToString(), c.expected) << c.text;
  }
}

TEST(Rule, RefusesWhatItDoesNotUnderstandNamingThePart) {
  const Case cases[] = {
      {"FREQ=HOURLY", "FREQ=HOURLY"},
      {"FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY"},
      {"FREQ=WEEKLY;BYDAY=XX", "BYDAY=XX"},
      {"FREQ=WEEKLY;COUNT=0", "COUNT=0"},
      {"FREQ=WEEKLY;COUNT=-3", "COUNT=-3"},
      {"FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0"},
      {"FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"},
      {"FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32"},
      {"FREQ=YEARLY;BYMONTH=13", "BYMONTH=13"},
      {"FREQ=WEEKLY;BYHOUR=9", "BYHOUR=9"},
      {"FREQ=WEEKLY;BYSETPOS=1", "BYSETPOS=1"},
      {"FREQ=WEEKLY;FREQ=DAILY", "FREQ=DAILY"},
      {"FREQ=WEEKLY;UNTIL=2026-12-31", "UNTIL=2026-12-31"},
      {"FREQ=WEEKLY;UNTIL=20260231", "UNTIL=20260231"},
      {"FREQ=WEEKLY;BYDAY=1MO", "BYDAY"},
      {"FREQ=MONTHLY;BYDAY=6MO", "BYDAY"},
      {"FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY"},
      {"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "BYMONTHDAY"},
      {"FREQ=WEEKLY;COUNT=3;UNTIL=20261231", "COUNT"},
      {"BYDAY=MO", "BYDAY=MO"},
      {"", ""},
      {"FREQ", "FREQ"},
  };
  for (const Case& c : cases) {
    core::Result<Rule> rule = Rule::Parse(c.text);
    ASSERT_FALSE(rule.ok()) << c.text;
    EXPECT_EQ(rule.error().code, core::ErrorCode::kUnprocessable) << c.text;
    EXPECT_EQ(rule.error().details["field"], "rule") << c.text;
    EXPECT_EQ(rule.error().details.value("token", ""), c.expected) << c.text;
  }
}

TEST(RecurringConfig, TheSeedsFormBecomesAWeeklyRule) {
  core::Result<ConfigRule> converted = ConvertRecurringConfig(
      {{"days_of_week", {"mon", "Wednesday", "FRI"}}, {"start_time", "18:00"}, {"end_time", "19:30"}});
  ASSERT_TRUE(converted.ok()) << converted.error().ToString();
  EXPECT_EQ(converted->rule.ToString(), "FREQ=WEEKLY;BYDAY=MO,WE,FR");
  EXPECT_EQ(converted->start_time.ToString(), "18:00");
  EXPECT_EQ(converted->end_time.ToString(), "19:30");
}

TEST(RecurringConfig, BadFormsNameTheField) {
  struct Bad {
    core::Json config;
    const char* field;
  };
  const Bad cases[] = {
      {{{"days_of_week", {"mon"}}, {"start_time", "18:00"}, {"end_time", "17:00"}}, "recurring_config.end_time"},
      {{{"days_of_week", {"funday"}}, {"start_time", "18:00"}, {"end_time", "19:00"}}, "recurring_config.days_of_week"},
      {{{"days_of_week", core::Json::array()}, {"start_time", "18:00"}, {"end_time", "19:00"}}, "recurring_config.days_of_week"},
      {{{"days_of_week", {"mon"}}, {"start_time", "25:00"}, {"end_time", "19:00"}}, "recurring_config.start_time"},
      {{{"days_of_week", {"mon"}}, {"end_time", "19:00"}}, "recurring_config.start_time"},
      {{{"days_of_week", {"mon"}}, {"start_time", "18:00"}, {"end_time", "19:00"}, {"every", 2}}, "recurring_config.every"},
  };
  for (const Bad& c : cases) {
    core::Result<ConfigRule> converted = ConvertRecurringConfig(c.config);
    ASSERT_FALSE(converted.ok()) << c.config.dump();
    EXPECT_EQ(converted.error().details.value("field", ""), c.field) << c.config.dump();
  }
}

}  // namespace
}  // namespace sessiond::recurring
