#pragma once

#include <optional>
#include <vector>

#include "core/civil_time.hpp"
#include "core/duration.hpp"
#include "core/result.hpp"
#include "core/time_zone.hpp"
#include "domains/recurring/rule.hpp"
#include "domains/recurring/time_of_day.hpp"

namespace sessiond::recurring {

// One occurrence of a series: its local date and the instants it spans.
struct Occurrence {
  core::Date date;
  core::Timestamp start;  // the wall time start_time on `date` in the series' zone
  core::Timestamp end;
  // The wall start time did not exist (a spring-forward gap): `start` is the first instant
  // after the gap. A repeated wall time (fall back) is taken once, at its first instant.
  bool dst_shifted = false;
};

// How long each occurrence lasts: until a local wall time (the same day, or the next with
// `end_next_day`) or for a fixed span of real time.
struct OccurrenceLength {
  std::optional<TimeOfDay> end_time;
  bool end_next_day = false;
  std::optional<core::Duration> duration;
};

// A rule anchored in a zone: the series of a template. Occurrences keep their local wall
// time across DST changes, since each is computed from its local date. A plain value;
// thread-safe for concurrent reads.
struct Series {
  Rule rule;
  core::TimeZone zone = core::TimeZone::Utc();
  core::Date starts_on;                  // DTSTART's date: the first possible occurrence
  std::optional<core::Date> ends_on;     // the last possible date, inclusive
  TimeOfDay start_time;
  OccurrenceLength length;
  std::vector<core::Date> exdates;       // dates taken out of the series

  // Occurrences whose date lies in [from, to], oldest first, at most `limit`.
  // Errors: kUnprocessable naming `rule` when libical cannot expand the rule.
  // Rules that only pick weekdays (FREQ=WEEKLY or DAILY, INTERVAL=1, BYDAY without ordinals
  // or none, no COUNT, BYMONTH or BYMONTHDAY: the seed's `recurring_config`, and most
  // templates) are walked date by date here; libical expands every other rule.
  core::Result<std::vector<Occurrence>> Between(core::Date from, core::Date to,
                                                size_t limit = 100'000) const;
  // Between through libical, whatever the rule: the general path, kept callable so that
  // tests hold the weekday walk to it.
  core::Result<std::vector<Occurrence>> BetweenWithLibical(core::Date from, core::Date to,
                                                           size_t limit = 100'000) const;
  // The occurrence the series would have on `date` (whether or not the rule selects it).
  Occurrence On(core::Date date) const;
  // The first instant of the series (DTSTART), for checking UNTIL against it.
  core::Timestamp FirstStart() const { return On(starts_on).start; }
};

}  // namespace sessiond::recurring
