#include "core/timestamp.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

// The instant of a UTC wall time, computed with std::chrono rather than the parser under test.
Timestamp Utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int64_t us = 0) {
  using namespace std::chrono;
  sys_days day{year{y} / month{mo} / std::chrono::day{d}};
  return Timestamp::FromSysTime(day + hours{h} + minutes{mi} + seconds{s} + microseconds{us});
}

TEST(Timestamp, ParsesRfc3339AndPostgresqlForms) {
  struct Case {
    std::string_view text;
    Timestamp expected;
  };
  const Case cases[] = {
      {"2026-11-21T19:04:00Z", Utc(2026, 11, 21, 19, 4, 0)},
      {"2026-11-21T19:04:00.123Z", Utc(2026, 11, 21, 19, 4, 0, 123'000)},
      {"2026-11-21T19:04:00.123456Z", Utc(2026, 11, 21, 19, 4, 0, 123'456)},
      {"2026-11-21T19:04:00.5Z", Utc(2026, 11, 21, 19, 4, 0, 500'000)},
      {"2026-11-21T19:04:00.000001Z", Utc(2026, 11, 21, 19, 4, 0, 1)},
      // Digits beyond microseconds are truncated, not rounded.
      {"2026-11-21T19:04:00.1234569Z", Utc(2026, 11, 21, 19, 4, 0, 123'456)},
      {"2026-11-21T19:04:00.999999999Z", Utc(2026, 11, 21, 19, 4, 0, 999'999)},
      // Offsets: the local wall time minus the offset is the instant.
      {"2026-11-21T20:04:00+01:00", Utc(2026, 11, 21, 19, 4, 0)},
      {"2026-11-21T13:34:00-05:30", Utc(2026, 11, 21, 19, 4, 0)},
      {"2026-11-22T00:34:00.25+05:30", Utc(2026, 11, 21, 19, 4, 0, 250'000)},
      {"2026-11-21T19:04:00+00:00", Utc(2026, 11, 21, 19, 4, 0)},
      {"2026-11-21T19:04:00-00:00", Utc(2026, 11, 21, 19, 4, 0)},
      {"2026-11-21T23:30:00-01:00", Utc(2026, 11, 22, 0, 30, 0)},   // crosses midnight
      {"2027-01-01T00:30:00+01:00", Utc(2026, 12, 31, 23, 30, 0)},  // crosses the year back
      // PostgreSQL's text form: a space, and a bare-hours offset.
      {"2026-11-21 19:04:00.123456+00", Utc(2026, 11, 21, 19, 4, 0, 123'456)},
      {"2026-11-21 19:04:00+00", Utc(2026, 11, 21, 19, 4, 0)},
      {"2026-11-21 14:04:00-05", Utc(2026, 11, 21, 19, 4, 0)},
      // RFC 3339 allows lower-case t and z.
      {"2026-11-21t19:04:00z", Utc(2026, 11, 21, 19, 4, 0)},
      {"2026-11-21t19:04:00.5z", Utc(2026, 11, 21, 19, 4, 0, 500'000)},
      // Before 1970.
      {"1970-01-01T00:00:00Z", Timestamp::FromMicros(0)},
      {"1969-12-31T23:59:59.5Z", Timestamp::FromMicros(-500'000)},
      {"1969-12-31T23:59:59.999999Z", Timestamp::FromMicros(-1)},
      {"1900-01-01T00:00:00Z", Timestamp::FromSeconds(-2'208'988'800)},
      {"1969-12-31T19:00:00-05:00", Timestamp::FromMicros(0)},
      // Calendar edges.
      {"2024-02-29T12:00:00Z", Utc(2024, 2, 29, 12)},
      {"2000-02-29T00:00:00Z", Utc(2000, 2, 29)},
      {"9999-12-31T23:59:59.999999Z", Utc(9999, 12, 31, 23, 59, 59, 999'999)},
      // A leap second is accepted and folded onto the following second.
      {"2016-12-31T23:59:60Z", Utc(2017, 1, 1)},
      {"2016-12-31T23:59:60.5Z", Utc(2017, 1, 1, 0, 0, 0, 500'000)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Timestamp> parsed = Timestamp::Parse(c.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(parsed->ToRfc3339Micros(), c.expected.ToRfc3339Micros());
    EXPECT_EQ(parsed->micros(), c.expected.micros());
  }
}

TEST(Timestamp, RejectsImpossibleIncompleteAndTrailingText) {
  const std::string_view cases[] = {
      "",
      "garbage",
      "now",
      "2026-02-30T00:00:00Z",    // no such day
      "2025-02-29T00:00:00Z",    // not a leap year
      "2026-13-01T00:00:00Z",    // month 13
      "2026-00-10T00:00:00Z",    // month 0
      "2026-11-00T00:00:00Z",    // day 0
      "2026-04-31T00:00:00Z",    // April has 30 days
      "2026-11-21T25:00:00Z",    // hour 25
      "2026-11-21T24:00:00Z",    // 24:00 is not an RFC 3339 time
      "2026-11-21T19:60:00Z",    // minute 60
      "2026-11-21T19:04:61Z",    // beyond a leap second
      "2026-11-21T19:04:00",     // no zone
      "2026-11-21 19:04:00",     // no zone, PostgreSQL form
      "2026-11-21",              // a date alone
      "2026-11-21T19:04Z",       // no seconds
      "2026-11-21T19:04:00.Z",   // a dot without digits
      "2026-11-21T19:04:00,5Z",  // a comma is not the fraction separator
      "2026-11-21X19:04:00Z",    // wrong separator
      "2026-11-21T19:04:00Zjunk",
      "2026-11-21T19:04:00Z ",
      " 2026-11-21T19:04:00Z",
      "2026-11-21T19:04:00+01:00x",
      "2026-11-21T19:04:00+01:",
      "2026-11-21T19:04:00+1:00",
      "2026-11-21T19:04:00+01:0",
      "2026-11-21T19:04:00+",
      "2026-11-21T19:04:00+24:00",  // offset hours out of range
      "2026-11-21T19:04:00+01:60",  // offset minutes out of range
      "2026-11-21T19:04:00UTC",
      "26-11-21T19:04:00Z",
      "2026-1-21T19:04:00Z",
      "2026/11/21T19:04:00Z",
      "2026-11-21T9:04:00Z",
      "+2026-11-21T19:04:00Z",
  };
  for (std::string_view text : cases) {
    SCOPED_TRACE(text);
    Result<Timestamp> parsed = Timestamp::Parse(text);
    ASSERT_FALSE(parsed.ok()) << "parsed as " << parsed->ToRfc3339Micros();
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnprocessable);
    EXPECT_NE(parsed.error().message.find("'" + std::string(text) + "'"), std::string::npos)
        << "the message quotes the text: " << parsed.error().message;
  }
}

TEST(Timestamp, FormatsUtcWithMillisecondsOrMicroseconds) {
  struct Case {
    Timestamp t;
    std::string_view millis;
    std::string_view micros;
  };
  const Case cases[] = {
      {Timestamp::FromMicros(0), "1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000000Z"},
      {Utc(2026, 11, 21, 19, 4, 0, 123'456), "2026-11-21T19:04:00.123Z",
       "2026-11-21T19:04:00.123456Z"},
      // Milliseconds truncate: .999999 stays in the same second.
      {Utc(2026, 12, 31, 23, 59, 59, 999'999), "2026-12-31T23:59:59.999Z",
       "2026-12-31T23:59:59.999999Z"},
      {Timestamp::FromMicros(-1), "1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999999Z"},
      {Timestamp::FromMicros(-86'400'000'000), "1969-12-31T00:00:00.000Z",
       "1969-12-31T00:00:00.000000Z"},
      {Timestamp::FromSeconds(-2'208'988'800), "1900-01-01T00:00:00.000Z",
       "1900-01-01T00:00:00.000000Z"},
      {Utc(2024, 2, 29, 7, 8, 9, 10), "2024-02-29T07:08:09.000Z", "2024-02-29T07:08:09.000010Z"},
      // The ends of RFC 3339's four-digit years, every field zero-padded.
      {Utc(1, 1, 1, 0, 0, 0, 5), "0001-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000005Z"},
      {Utc(9999, 12, 31, 23, 59, 59, 999'999), "9999-12-31T23:59:59.999Z",
       "9999-12-31T23:59:59.999999Z"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.t.ToRfc3339(), c.millis) << c.t.micros();
    EXPECT_EQ(c.t.ToRfc3339Micros(), c.micros) << c.t.micros();
  }
}

std::vector<Timestamp> SampleInstants() {
  return {Timestamp::FromMicros(0),
          Timestamp::FromMicros(1),
          Timestamp::FromMicros(-1),
          Timestamp::FromMicros(-999'999),
          Timestamp::FromMicros(-1'000'001),
          Utc(1969, 7, 20, 20, 17, 40, 123'456),
          Utc(1900, 3, 1, 0, 0, 0, 7),
          Utc(2026, 11, 21, 19, 4, 0, 123'456),
          Utc(2026, 3, 8, 7, 0, 0),
          Utc(2038, 1, 19, 3, 14, 8, 999'999),
          Utc(9999, 12, 31, 23, 59, 59, 999'999)};
}

TEST(Timestamp, RoundTripsRfc3339WithMicroseconds) {
  for (Timestamp t : SampleInstants()) {
    Result<Timestamp> parsed = Timestamp::Parse(t.ToRfc3339Micros());
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(*parsed, t) << t.ToRfc3339Micros();
  }
}

TEST(Timestamp, RoundTripsRfc3339WithMilliseconds) {
  for (Timestamp t : SampleInstants()) {
    // The API form keeps milliseconds, rounding toward the past.
    int64_t ms = t.micros() / 1000 - (t.micros() % 1000 < 0 ? 1 : 0);
    Timestamp truncated = Timestamp::FromMicros(ms * 1000);
    Result<Timestamp> parsed = Timestamp::Parse(t.ToRfc3339());
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(*parsed, truncated) << t.ToRfc3339Micros();
    EXPECT_EQ(parsed->ToRfc3339(), t.ToRfc3339());
  }
}

TEST(Timestamp, MicrosecondFormSortsAsText) {
  std::vector<Timestamp> instants = SampleInstants();
  std::sort(instants.begin(), instants.end());
  std::vector<std::string> texts;
  for (Timestamp t : instants) texts.push_back(t.ToRfc3339Micros());
  EXPECT_TRUE(std::is_sorted(texts.begin(), texts.end()));
}

TEST(Timestamp, SecondsRoundTowardThePast) {
  EXPECT_EQ(Timestamp::FromMicros(1'999'999).seconds(), 1);
  EXPECT_EQ(Timestamp::FromMicros(0).seconds(), 0);
  EXPECT_EQ(Timestamp::FromMicros(-1).seconds(), -1);
  EXPECT_EQ(Timestamp::FromMicros(-1'000'000).seconds(), -1);
  EXPECT_EQ(Timestamp::FromMicros(-1'000'001).seconds(), -2);
}

TEST(Timestamp, AddsAndSubtractsDurations) {
  Timestamp t = Utc(2026, 11, 21, 19, 4);
  EXPECT_EQ((t + Duration::Minutes(56)).ToRfc3339(), "2026-11-21T20:00:00.000Z");
  EXPECT_EQ((t - Duration::Days(1)).ToRfc3339(), "2026-11-20T19:04:00.000Z");
  EXPECT_EQ((t + Duration::Millis(1500)) - t, Duration::Millis(1500));
  EXPECT_EQ(Utc(2027, 1, 1) - Utc(2026, 1, 1), Duration::Days(365));
  EXPECT_LT(t, t + Duration::Micros(1));
}

TEST(Timestamp, ConvertsToAndFromSysTime) {
  Timestamp t = Utc(2026, 11, 21, 19, 4, 0, 123'456);
  EXPECT_EQ(Timestamp::FromSysTime(t.ToSysTime()), t);
  EXPECT_EQ(t.ToSysTime().time_since_epoch().count(), t.micros());
}

}  // namespace
}  // namespace sessiond::core
