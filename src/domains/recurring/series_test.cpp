// Expansion in local time: DST in three zones, libical 3.0.16's limits and their work-arounds.
#include "domains/recurring/series.hpp"

#include <libical/ical.h>

#include <gtest/gtest.h>

namespace sessiond::recurring {
namespace {

using core::Date;

Series Make(const char* rule, const char* zone, Date starts_on, TimeOfDay start,
            core::Duration length = core::Duration::Hours(1)) {
  Series s;
  s.rule = *Rule::Parse(rule);
  s.zone = *core::TimeZone::Find(zone);
  s.starts_on = starts_on;
  s.start_time = start;
  s.length.duration = length;
  return s;
}

// "date start(UTC) [shifted]" per occurrence.
std::vector<std::string> Print(const Series& s, Date from, Date to) {
  core::Result<std::vector<Occurrence>> found = s.Between(from, to);
  EXPECT_TRUE(found.ok()) << found.error().ToString();
  std::vector<std::string> out;
  if (!found) return out;
  for (const Occurrence& o : *found) {
    out.push_back(o.date.ToString() + " " + o.start.ToRfc3339() + (o.dst_shifted ? " shifted" : ""));
  }
  return out;
}

std::vector<std::string> Dates(const Series& s, Date from, Date to) {
  std::vector<std::string> out;
  core::Result<std::vector<Occurrence>> found = s.Between(from, to);
  EXPECT_TRUE(found.ok());
  if (!found) return out;
  for (const Occurrence& o : *found) out.push_back(o.date.ToString());
  return out;
}

using Seq = std::vector<std::string>;

// Between walks rules that only pick weekdays date by date instead of asking libical: for
// every set of weekdays, WEEKLY and DAILY, with and without UNTIL, ends_on and excluded dates,
// from DTSTARTs on each weekday (matching the rule or not) and windows before, across and
// after them, it must give what libical gives.
TEST(Series, TheWeekdayWalkGivesWhatLibicalGives) {
  const char* codes[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  int compared = 0;
  for (unsigned days = 0; days < 128; ++days) {
    std::string by_day;
    for (int d = 0; d < 7; ++d) {
      if (days >> d & 1u) by_day += (by_day.empty() ? "" : ",") + std::string(codes[d]);
    }
    for (const char* freq : {"WEEKLY", "DAILY"}) {
      for (const char* tail : {"", ";UNTIL=20260420T180000Z", ";UNTIL=20260411"}) {
        std::string rule = std::string("FREQ=") + freq + (by_day.empty() ? "" : ";BYDAY=" + by_day) + tail;
        for (int start = 0; start < 7; ++start) {
          Series s = Make(rule.c_str(), "Europe/Berlin", Date(2026, 3, 23).AddDays(start), {18, 0, 0});
          if (days % 5 == 0) s.exdates = {Date(2026, 4, 1), Date(2026, 4, 6)};
          if (days % 7 == 3) s.ends_on = Date(2026, 4, 15);
          for (auto [from, to] : {std::pair{Date(2026, 3, 1), Date(2026, 5, 1)},
                                  std::pair{Date(2026, 3, 27), Date(2026, 4, 2)},
                                  std::pair{Date(2026, 6, 1), Date(2026, 6, 30)}}) {
            core::Result<std::vector<Occurrence>> walked = s.Between(from, to);
            core::Result<std::vector<Occurrence>> expanded = s.BetweenWithLibical(from, to);
            ASSERT_TRUE(walked.ok() && expanded.ok()) << rule;
            ASSERT_EQ(walked->size(), expanded->size()) << rule << " from " << s.starts_on.ToString()
                                                        << " in " << from.ToString() << ".." << to.ToString();
            for (size_t i = 0; i < walked->size(); ++i) {
              EXPECT_EQ((*walked)[i].date, (*expanded)[i].date) << rule;
              EXPECT_EQ((*walked)[i].start, (*expanded)[i].start) << rule;
              EXPECT_EQ((*walked)[i].end, (*expanded)[i].end) << rule;
            }
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_EQ(compared, 128 * 2 * 3 * 7 * 3);
}

TEST(Series, KeepsLocalWallTimeAcrossDstInNewYork) {
  Series s = Make("FREQ=WEEKLY;BYDAY=SA,SU", "America/New_York", Date(2026, 3, 1), {18, 0, 0});
  // Spring forward on Sunday 2026-03-08: 18:00 EST is 23:00Z, 18:00 EDT is 22:00Z.
  EXPECT_EQ(Print(s, Date(2026, 3, 7), Date(2026, 3, 8)),
            (Seq{"2026-03-07 2026-03-07T23:00:00.000Z", "2026-03-08 2026-03-08T22:00:00.000Z"}));
}

TEST(Series, MovesAStartInTheSpringGapToTheFirstInstantAfterItAndFlagsIt) {
  Series s = Make("FREQ=DAILY", "America/New_York", Date(2026, 3, 7), {2, 30, 0});
  EXPECT_EQ(Print(s, Date(2026, 3, 7), Date(2026, 3, 9)),
            (Seq{"2026-03-07 2026-03-07T07:30:00.000Z",
                 "2026-03-08 2026-03-08T07:00:00.000Z shifted",  // 03:00 EDT
                 "2026-03-09 2026-03-09T06:30:00.000Z"}));
}

TEST(Series, TakesARepeatedLocalTimeOnceAtItsFirstInstant) {
  // Berlin falls back on 2026-10-25: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
  Series s = Make("FREQ=DAILY", "Europe/Berlin", Date(2026, 10, 24), {2, 30, 0});
  EXPECT_EQ(Print(s, Date(2026, 10, 24), Date(2026, 10, 26)),
            (Seq{"2026-10-24 2026-10-24T00:30:00.000Z", "2026-10-25 2026-10-25T00:30:00.000Z",
                 "2026-10-26 2026-10-26T01:30:00.000Z"}));
}

TEST(Series, SpringGapInBerlin) {
  Series s = Make("FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin", Date(2026, 3, 1), {2, 15, 0});
  EXPECT_EQ(Print(s, Date(2026, 3, 22), Date(2026, 4, 5)),
            (Seq{"2026-03-22 2026-03-22T01:15:00.000Z", "2026-03-29 2026-03-29T01:00:00.000Z shifted",
                 "2026-04-05 2026-04-05T00:15:00.000Z"}));
}

TEST(Series, SouthernHemisphereSydneyChangesTheOtherWay) {
  // Sydney leaves DST on 2026-04-05 (AEDT +11 -> AEST +10) and enters it on 2026-10-04.
  Series s = Make("FREQ=WEEKLY;BYDAY=SU", "Australia/Sydney", Date(2026, 3, 1), {9, 0, 0});
  EXPECT_EQ(Print(s, Date(2026, 3, 29), Date(2026, 4, 5)),
            (Seq{"2026-03-29 2026-03-28T22:00:00.000Z", "2026-04-05 2026-04-04T23:00:00.000Z"}));
  Series gap = Make("FREQ=DAILY", "Australia/Sydney", Date(2026, 10, 3), {2, 30, 0});
  EXPECT_EQ(Print(gap, Date(2026, 10, 3), Date(2026, 10, 5)),
            (Seq{"2026-10-03 2026-10-02T16:30:00.000Z", "2026-10-04 2026-10-03T16:00:00.000Z shifted",
                 "2026-10-05 2026-10-04T15:30:00.000Z"}));
}

TEST(Series, AWallTimeEndFollowsTheLocalClock) {
  Series s = Make("FREQ=DAILY", "America/New_York", Date(2026, 3, 7), {1, 0, 0});
  s.length = OccurrenceLength{TimeOfDay{4, 0, 0}, false, std::nullopt};
  std::vector<Occurrence> found = *s.Between(Date(2026, 3, 7), Date(2026, 3, 8));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ((found[0].end - found[0].start).seconds(), 3 * 3600);
  EXPECT_EQ((found[1].end - found[1].start).seconds(), 2 * 3600);  // the night is an hour short
}

TEST(Series, OrdinalWeekdaysAndMonthEnds) {
  EXPECT_EQ(Dates(Make("FREQ=MONTHLY;BYDAY=1MO", "UTC", Date(2026, 1, 1), {9, 0, 0}), Date(2026, 1, 1), Date(2026, 3, 31)),
            (Seq{"2026-01-05", "2026-02-02", "2026-03-02"}));
  EXPECT_EQ(Dates(Make("FREQ=MONTHLY;BYDAY=-1FR", "UTC", Date(2026, 1, 1), {9, 0, 0}), Date(2026, 1, 1), Date(2026, 3, 31)),
            (Seq{"2026-01-30", "2026-02-27", "2026-03-27"}));
  EXPECT_EQ(Dates(Make("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "UTC", Date(2026, 1, 1), {9, 0, 0}), Date(2026, 1, 1), Date(2028, 12, 31)),
            (Seq{"2026-02-28", "2027-02-28", "2028-02-29"}));
}

// libical 3.0.16 yields nothing for FREQ=DAILY with a negative BYMONTHDAY (fixed in 3.0.19).
TEST(Series, Libical3016LosesNegativeMonthDayWithDailyAndTheSeriesDoesNot) {
  icalrecurrencetype raw = icalrecurrencetype_from_string("FREQ=DAILY;BYMONTHDAY=-1");
  icaltimetype start = icaltime_from_string("20260101T090000");
  icalrecur_iterator* it = icalrecur_iterator_new(raw, start);
  ASSERT_NE(it, nullptr);
  bool libical_found_any = !icaltime_is_null_time(icalrecur_iterator_next(it));
  icalrecur_iterator_free(it);
  if (std::string(ICAL_VERSION) < "3.0.19") {
    EXPECT_FALSE(libical_found_any) << ICAL_VERSION;
  }

  Series s = Make("FREQ=DAILY;BYMONTHDAY=-1", "UTC", Date(2026, 1, 1), {9, 0, 0});
  EXPECT_EQ(Dates(s, Date(2026, 1, 1), Date(2026, 4, 30)),
            (Seq{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"}));
  Series two = Make("FREQ=MONTHLY;BYMONTHDAY=-2,1", "UTC", Date(2026, 1, 1), {9, 0, 0});
  EXPECT_EQ(Dates(two, Date(2026, 1, 1), Date(2026, 2, 28)),
            (Seq{"2026-01-01", "2026-01-30", "2026-02-01", "2026-02-27"}));
  Series last = Make("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-31", "UTC", Date(2026, 1, 1), {9, 0, 0});
  EXPECT_EQ(Dates(last, Date(2026, 1, 1), Date(2026, 8, 31)),
            (Seq{"2026-01-01", "2026-03-01", "2026-05-01", "2026-07-01"}));
}

// icalrecur_iterator_set_start refuses a rule with COUNT; the series counts from DTSTART
// itself, so a window far after the start still ends the series at the right occurrence.
TEST(Series, Libical3016SetStartRefusesCountAndCountStillHolds) {
  icalrecurrencetype raw = icalrecurrencetype_from_string("FREQ=WEEKLY;COUNT=5;BYDAY=MO");
  icalrecur_iterator* it = icalrecur_iterator_new(raw, icaltime_from_string("20260105T180000"));
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(icalrecur_iterator_set_start(it, icaltime_from_string("20260201T000000")), 0);
  icalrecur_iterator_free(it);

  Series s = Make("FREQ=WEEKLY;COUNT=5;BYDAY=MO", "UTC", Date(2026, 1, 5), {18, 0, 0});
  EXPECT_EQ(Dates(s, Date(2026, 1, 20), Date(2026, 12, 31)), (Seq{"2026-01-26", "2026-02-02"}));
  s.exdates = {Date(2026, 1, 26)};  // an excluded date still counts (RFC 5545)
  EXPECT_EQ(Dates(s, Date(2026, 1, 20), Date(2026, 12, 31)), (Seq{"2026-02-02"}));
}

TEST(Series, SkippingAheadKeepsTheIntervalsPhase) {
  Series s = Make("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "UTC", Date(2026, 1, 5), {9, 0, 0});
  Seq all = Dates(s, Date(2026, 1, 5), Date(2027, 3, 31));
  Seq late = Dates(s, Date(2027, 3, 1), Date(2027, 3, 31));
  Seq tail;
  for (const std::string& d : all) {
    if (d >= "2027-03-01") tail.push_back(d);
  }
  EXPECT_EQ(late, tail);
  EXPECT_FALSE(late.empty());
}

TEST(Series, UntilExdatesAndEndsOnBoundTheSeries) {
  Series s = Make("FREQ=DAILY;UNTIL=20260110", "Europe/Berlin", Date(2026, 1, 5), {9, 0, 0});
  s.exdates = {Date(2026, 1, 7)};
  EXPECT_EQ(Dates(s, Date(2026, 1, 1), Date(2026, 1, 31)),
            (Seq{"2026-01-05", "2026-01-06", "2026-01-08", "2026-01-09", "2026-01-10"}));
  s.ends_on = Date(2026, 1, 8);
  EXPECT_EQ(Dates(s, Date(2026, 1, 1), Date(2026, 1, 31)), (Seq{"2026-01-05", "2026-01-06", "2026-01-08"}));
  // UNTIL in UTC: 09:00 Berlin is 08:00Z, so UNTIL=...T080000Z still includes that day.
  Series utc = Make("FREQ=DAILY;UNTIL=20260106T080000Z", "Europe/Berlin", Date(2026, 1, 5), {9, 0, 0});
  EXPECT_EQ(Dates(utc, Date(2026, 1, 1), Date(2026, 1, 31)), (Seq{"2026-01-05", "2026-01-06"}));
}

}  // namespace
}  // namespace sessiond::recurring
