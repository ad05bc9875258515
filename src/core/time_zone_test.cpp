#include "core/time_zone.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

// Expected instants below were checked against the system tzdb with `zdump -v -c 2026,2027`
// and `TZ=<zone> date -d @<epoch>`.

TimeZone Zone(std::string_view name) {
  Result<TimeZone> zone = TimeZone::Find(name);
  EXPECT_TRUE(zone.ok()) << zone.error().ToString();
  return zone.ok() ? *zone : TimeZone::Utc();
}

Timestamp At(std::string_view rfc3339) {
  Result<Timestamp> t = Timestamp::Parse(rfc3339);
  EXPECT_TRUE(t.ok()) << t.error().ToString();
  return t.ok() ? *t : Timestamp();
}

LocalDateTime Local(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return {Date(y, mo, d), h, mi, s};
}

// A resolution in one line: "2026-03-08T07:00:00.000Z gap", "... ambiguous" or "... unique".
std::string Print(const ResolvedLocalTime& r) {
  std::string text = r.instant.ToRfc3339();
  if (r.shifted_by_gap) text += " gap";
  if (r.ambiguous) text += " ambiguous";
  if (!r.shifted_by_gap && !r.ambiguous) text += " unique";
  return text;
}

TEST(TimeZone, FindsIanaZonesByName) {
  for (std::string_view name : {"America/New_York", "Europe/Berlin", "America/Santiago",
                                "Australia/Sydney", "UTC", "Asia/Kolkata"}) {
    Result<TimeZone> zone = TimeZone::Find(name);
    ASSERT_TRUE(zone.ok()) << zone.error().ToString();
    EXPECT_EQ(zone->name(), name);
  }
  EXPECT_EQ(TimeZone::Utc().name(), "UTC");
}

TEST(TimeZone, RejectsUnknownZoneNamingTheField) {
  Result<TimeZone> zone = TimeZone::Find("Mars/Base");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(zone.error().details.value("field", ""), "timezone");
  EXPECT_EQ(zone.error().details.value("token", ""), "Mars/Base");
  EXPECT_NE(zone.error().message.find("Mars/Base"), std::string::npos) << zone.error().message;
}

TEST(TimeZone, RejectsEmptyAndMalformedNames) {
  for (std::string_view name : {"", "europe/berlin_", "Europe/", "/", "+01:00", "Europe/Berlin "}) {
    Result<TimeZone> zone = TimeZone::Find(name);
    ASSERT_FALSE(zone.ok()) << "'" << name << "' was found";
    EXPECT_EQ(zone.error().code, ErrorCode::kUnprocessable) << name;
    EXPECT_EQ(zone.error().details.value("field", ""), "timezone") << name;
  }
}

TEST(TimeZone, FormatsInstantsInLocalTimeWithOffset) {
  struct Case {
    std::string_view zone;
    std::string_view instant;
    std::string_view local;
  };
  const Case cases[] = {
      {"UTC", "2026-01-15T12:00:00Z", "2026-01-15T12:00:00+00:00"},
      {"America/New_York", "2026-01-15T12:00:00Z", "2026-01-15T07:00:00-05:00"},
      {"America/New_York", "2026-07-15T12:00:00Z", "2026-07-15T08:00:00-04:00"},
      {"America/New_York", "2026-03-08T06:59:59Z", "2026-03-08T01:59:59-05:00"},
      {"America/New_York", "2026-03-08T07:00:00Z", "2026-03-08T03:00:00-04:00"},
      {"America/New_York", "2026-11-01T05:30:00Z", "2026-11-01T01:30:00-04:00"},
      {"America/New_York", "2026-11-01T06:30:00Z", "2026-11-01T01:30:00-05:00"},
      {"America/New_York", "2026-01-01T03:00:00Z", "2025-12-31T22:00:00-05:00"},
      {"Europe/Berlin", "2026-01-15T12:00:00Z", "2026-01-15T13:00:00+01:00"},
      {"Europe/Berlin", "2026-07-15T12:00:00Z", "2026-07-15T14:00:00+02:00"},
      {"Europe/Berlin", "2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00"},
      {"Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00+02:00"},
      {"Europe/Berlin", "2026-10-25T01:30:00Z", "2026-10-25T02:30:00+01:00"},
      // Chile: summer time in January, winter time in July; clocks change at local midnight.
      {"America/Santiago", "2026-01-15T12:00:00Z", "2026-01-15T09:00:00-03:00"},
      {"America/Santiago", "2026-07-15T12:00:00Z", "2026-07-15T08:00:00-04:00"},
      {"America/Santiago", "2026-09-06T03:59:59Z", "2026-09-05T23:59:59-04:00"},
      {"America/Santiago", "2026-09-06T04:00:00Z", "2026-09-06T01:00:00-03:00"},
      {"America/Santiago", "2026-04-05T02:59:59Z", "2026-04-04T23:59:59-03:00"},
      {"America/Santiago", "2026-04-05T03:00:00Z", "2026-04-04T23:00:00-04:00"},
      // Sydney: summer time in January, the day ahead of UTC.
      {"Australia/Sydney", "2026-01-15T12:00:00Z", "2026-01-15T23:00:00+11:00"},
      {"Australia/Sydney", "2026-07-15T12:00:00Z", "2026-07-15T22:00:00+10:00"},
      {"Australia/Sydney", "2026-07-15T20:00:00Z", "2026-07-16T06:00:00+10:00"},
      {"Australia/Sydney", "2026-10-03T16:00:00Z", "2026-10-04T03:00:00+11:00"},
      // Offsets with minutes, both signs.
      {"Asia/Kolkata", "2026-01-15T12:00:00Z", "2026-01-15T17:30:00+05:30"},
      {"America/St_Johns", "2026-01-15T12:00:00Z", "2026-01-15T08:30:00-03:30"},
      // Fractions of a second are dropped, toward the past, also before 1970.
      {"America/New_York", "2026-01-15T12:00:00.999Z", "2026-01-15T07:00:00-05:00"},
      {"UTC", "1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59+00:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.zone) + " " + std::string(c.instant));
    TimeZone zone = Zone(c.zone);
    Timestamp t = At(c.instant);
    EXPECT_EQ(zone.FormatLocal(t), c.local);
    // ToLocal is the same wall time without the offset.
    EXPECT_EQ(zone.ToLocal(t).ToString(), c.local.substr(0, 19));
  }
}

TEST(TimeZone, ReportsTheOffsetInForce) {
  TimeZone new_york = Zone("America/New_York");
  EXPECT_EQ(new_york.OffsetSecondsAt(At("2026-01-15T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(new_york.OffsetSecondsAt(At("2026-07-15T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(Zone("Asia/Kolkata").OffsetSecondsAt(At("2026-07-15T12:00:00Z")), 5 * 3600 + 1800);
  EXPECT_EQ(TimeZone::Utc().OffsetSecondsAt(At("2026-07-15T12:00:00Z")), 0);
}

TEST(TimeZone, ResolvesWallTimesThroughGapsAndOverlaps) {
  struct Case {
    std::string_view zone;
    LocalDateTime local;
    std::string_view expected;
  };
  const Case cases[] = {
      {"UTC", Local(2026, 3, 8, 2, 30), "2026-03-08T02:30:00.000Z unique"},
      {"America/New_York", Local(2026, 7, 15, 12, 0), "2026-07-15T16:00:00.000Z unique"},
      {"America/New_York", Local(2026, 1, 15, 12, 0), "2026-01-15T17:00:00.000Z unique"},
      // Spring forward, 2026-03-08: 02:00-02:59 does not exist; it resolves to 03:00 EDT.
      {"America/New_York", Local(2026, 3, 8, 1, 59, 59), "2026-03-08T06:59:59.000Z unique"},
      {"America/New_York", Local(2026, 3, 8, 2, 0), "2026-03-08T07:00:00.000Z gap"},
      {"America/New_York", Local(2026, 3, 8, 2, 30), "2026-03-08T07:00:00.000Z gap"},
      {"America/New_York", Local(2026, 3, 8, 2, 59, 59), "2026-03-08T07:00:00.000Z gap"},
      {"America/New_York", Local(2026, 3, 8, 3, 0), "2026-03-08T07:00:00.000Z unique"},
      // Fall back, 2026-11-01: 01:00-01:59 happens twice; the first (EDT) is chosen.
      {"America/New_York", Local(2026, 11, 1, 0, 59, 59), "2026-11-01T04:59:59.000Z unique"},
      {"America/New_York", Local(2026, 11, 1, 1, 0), "2026-11-01T05:00:00.000Z ambiguous"},
      {"America/New_York", Local(2026, 11, 1, 1, 30), "2026-11-01T05:30:00.000Z ambiguous"},
      {"America/New_York", Local(2026, 11, 1, 2, 0), "2026-11-01T07:00:00.000Z unique"},
      // Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET.
      {"Europe/Berlin", Local(2026, 3, 29, 2, 30), "2026-03-29T01:00:00.000Z gap"},
      {"Europe/Berlin", Local(2026, 3, 29, 3, 0), "2026-03-29T01:00:00.000Z unique"},
      {"Europe/Berlin", Local(2026, 10, 25, 2, 30), "2026-10-25T00:30:00.000Z ambiguous"},
      {"Europe/Berlin", Local(2026, 10, 25, 3, 0), "2026-10-25T02:00:00.000Z unique"},
      // Santiago changes at midnight: on 2026-09-06 at 04:00Z the clock jumps from 24:00
      // (-04) to 01:00 (-03), so 00:00-00:59 that day does not exist; on 2026-04-05 at 03:00Z
      // it goes back from 24:00 (-03) to 23:00 (-04), so 23:00-23:59 on April 4 happens twice.
      {"America/Santiago", Local(2026, 9, 5, 23, 59, 59), "2026-09-06T03:59:59.000Z unique"},
      {"America/Santiago", Local(2026, 9, 6, 0, 0), "2026-09-06T04:00:00.000Z gap"},
      {"America/Santiago", Local(2026, 9, 6, 0, 30), "2026-09-06T04:00:00.000Z gap"},
      {"America/Santiago", Local(2026, 9, 6, 1, 0), "2026-09-06T04:00:00.000Z unique"},
      {"America/Santiago", Local(2026, 4, 4, 22, 59, 59), "2026-04-05T01:59:59.000Z unique"},
      {"America/Santiago", Local(2026, 4, 4, 23, 30), "2026-04-05T02:30:00.000Z ambiguous"},
      {"America/Santiago", Local(2026, 4, 5, 0, 0), "2026-04-05T04:00:00.000Z unique"},
      // Sydney: 2026-10-04 02:00 AEST -> 03:00 AEDT; 2026-04-05 03:00 AEDT -> 02:00 AEST.
      {"Australia/Sydney", Local(2026, 10, 4, 2, 30), "2026-10-03T16:00:00.000Z gap"},
      {"Australia/Sydney", Local(2026, 10, 4, 3, 0), "2026-10-03T16:00:00.000Z unique"},
      {"Australia/Sydney", Local(2026, 4, 5, 2, 30), "2026-04-04T15:30:00.000Z ambiguous"},
      {"Australia/Sydney", Local(2026, 4, 5, 3, 0), "2026-04-04T17:00:00.000Z unique"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.zone) + " " + c.local.ToString());
    EXPECT_EQ(Print(Zone(c.zone).Resolve(c.local)), c.expected);
  }
}

TEST(TimeZone, SkipsMissingLocalTimeOnSpringForwardToTheEndOfTheGap) {
  TimeZone new_york = Zone("America/New_York");
  ResolvedLocalTime r = new_york.Resolve(Local(2026, 3, 8, 2, 30));
  EXPECT_TRUE(r.shifted_by_gap);
  EXPECT_EQ(new_york.FormatLocal(r.instant), "2026-03-08T03:00:00-04:00");

  TimeZone santiago = Zone("America/Santiago");
  r = santiago.Resolve(Local(2026, 9, 6, 0, 30));
  EXPECT_TRUE(r.shifted_by_gap);
  EXPECT_EQ(santiago.FormatLocal(r.instant), "2026-09-06T01:00:00-03:00");
}

TEST(TimeZone, PicksTheFirstOccurrenceOfARepeatedLocalTime) {
  TimeZone new_york = Zone("America/New_York");
  ResolvedLocalTime r = new_york.Resolve(Local(2026, 11, 1, 1, 30));
  EXPECT_TRUE(r.ambiguous);
  EXPECT_EQ(new_york.FormatLocal(r.instant), "2026-11-01T01:30:00-04:00");

  TimeZone sydney = Zone("Australia/Sydney");
  r = sydney.Resolve(Local(2026, 4, 5, 2, 30));
  EXPECT_TRUE(r.ambiguous);
  EXPECT_EQ(sydney.FormatLocal(r.instant), "2026-04-05T02:30:00+11:00");
}

// Every quarter hour of 2026 in each zone: a wall time outside a gap resolves to an instant
// that reads back as the same wall time; one inside a gap resolves past it. Each zone has one
// one-hour gap and one one-hour overlap in the year.
TEST(TimeZone, EveryQuarterHourOf2026ResolvesAndReadsBack) {
  for (std::string_view name :
       {"America/New_York", "Europe/Berlin", "America/Santiago", "Australia/Sydney"}) {
    SCOPED_TRACE(name);
    TimeZone zone = Zone(name);
    int gaps = 0;
    int ambiguous = 0;
    for (Date day(2026, 1, 1); day < Date(2027, 1, 1); day = day.AddDays(1)) {
      for (int minutes = 0; minutes < 24 * 60; minutes += 15) {
        LocalDateTime local{day, minutes / 60, minutes % 60, 0};
        ResolvedLocalTime r = zone.Resolve(local);
        ASSERT_FALSE(r.shifted_by_gap && r.ambiguous) << local.ToString();
        if (r.shifted_by_gap) {
          ++gaps;
          // The wall clock jumps over `local`: a second before the instant reads earlier.
          EXPECT_GT(zone.ToLocal(r.instant).ToString(), local.ToString());
          EXPECT_LT(zone.ToLocal(r.instant - Duration::Seconds(1)).ToString(), local.ToString());
        } else {
          EXPECT_EQ(zone.ToLocal(r.instant).ToString(), local.ToString());
        }
        if (r.ambiguous) {
          ++ambiguous;
          // The other occurrence is one hour later and reads the same.
          EXPECT_EQ(zone.ToLocal(r.instant + Duration::Hours(1)).ToString(), local.ToString());
        }
      }
    }
    EXPECT_EQ(gaps, 4);
    EXPECT_EQ(ambiguous, 4);
  }
}

}  // namespace
}  // namespace sessiond::core
