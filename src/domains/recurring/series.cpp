// Expansion of a series with libical, and the work-arounds its 3.0.16 needs (Debian 12):
//  - icalrecur_iterator_set_start refuses rules with COUNT (it returns 0), since COUNT counts
//    from DTSTART. COUNT and UNTIL are therefore never handed to libical: the loop below
//    counts and stops itself, and skips ahead with set_start only when there is no COUNT.
//  - Negative BYMONTHDAY is broken before 3.0.19: with FREQ=DAILY it yields nothing (after
//    spinning for most of a second). So BYMONTHDAY is applied here as an exact filter: for
//    DAILY it is not given to libical at all; for MONTHLY and YEARLY, where it expands,
//    libical gets every day a value could fall on (-1 is the 28th to the 31st) and the
//    filter keeps the right one for each month.
#include "domains/recurring/series.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

namespace sessiond::recurring {
namespace {

struct IteratorDeleter {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};
using IteratorPtr = std::unique_ptr<icalrecur_iterator, IteratorDeleter>;

unsigned DaysInMonth(core::Date date) {
  using namespace std::chrono;
  return unsigned(year_month_day_last(year{date.year()}, month_day_last(month{date.month()})).day());
}

bool MonthDayMatches(const std::vector<int>& days, core::Date date) {
  int day = int(date.day());
  int from_end = day - int(DaysInMonth(date)) - 1;  // -1 on the last day
  for (int d : days) {
    if (d == day || d == from_end) return true;
  }
  return false;
}

// The positive days libical is given for a MONTHLY or YEARLY rule with BYMONTHDAY.
std::vector<int> CandidateDays(const std::vector<int>& days) {
  std::set<int> out;
  for (int d : days) {
    if (d > 0) {
      out.insert(d);
    } else {
      for (int length = 28; length <= 31; ++length) {
        int day = length + 1 + d;
        if (day >= 1) out.insert(day);
      }
    }
  }
  return {out.begin(), out.end()};
}

icaltimetype ToIcal(core::Date date, const TimeOfDay& time) {
  icaltimetype t = icaltime_null_time();
  t.year = date.year();
  t.month = int(date.month());
  t.day = int(date.day());
  t.hour = time.hour;
  t.minute = time.minute;
  t.second = time.second;
  t.is_date = 0;
  return t;
}

core::Error CannotExpand(const Rule& rule) {
  return core::Error::Field(core::ErrorCode::kUnprocessable, "rule",
                            "the rule selects no date libical can expand", rule.ToString());
}

bool PastUntil(const Series& series, const Occurrence& occurrence) {
  if (!series.rule.until) return false;
  const Until& until = *series.rule.until;
  if (until.utc) return occurrence.start > until.instant;
  core::LocalDateTime local{occurrence.date, series.start_time.hour, series.start_time.minute,
                            series.start_time.second};
  return local > until.local;
}

// The weekdays a rule selects when it selects nothing else (Series::Between), as a bit per
// weekday (bit 0 = Sunday); nullopt for any other rule.
std::optional<unsigned> PlainWeekdays(const Rule& rule, core::Date starts_on) {
  bool weekly_or_daily = rule.frequency == Frequency::kWeekly || rule.frequency == Frequency::kDaily;
  if (!weekly_or_daily || rule.interval != 1 || rule.count || !rule.by_month.empty() ||
      !rule.by_month_day.empty()) {
    return std::nullopt;
  }
  unsigned days = 0;
  for (const WeekdayNum& d : rule.by_day) {
    if (d.ordinal != 0) return std::nullopt;
    days |= 1u << d.weekday;
  }
  if (days != 0) return days;
  // No BYDAY: WEEKLY repeats DTSTART's weekday, DAILY every day.
  return rule.frequency == Frequency::kWeekly ? 1u << starts_on.Weekday() : 0x7fu;
}

}  // namespace

Occurrence Series::On(core::Date date) const {
  Occurrence out;
  out.date = date;
  core::ResolvedLocalTime start =
      zone.Resolve({date, start_time.hour, start_time.minute, start_time.second});
  out.start = start.instant;
  out.dst_shifted = start.shifted_by_gap;
  if (length.duration) {
    out.end = out.start + *length.duration;
  } else {
    const TimeOfDay& end_time = *length.end_time;
    core::Date end_date = length.end_next_day ? date.AddDays(1) : date;
    out.end = zone.Resolve({end_date, end_time.hour, end_time.minute, end_time.second}).instant;
  }
  // A wall-time end inside the same DST jump as the start could land on or before it; an
  // occurrence always lasts at least a second.
  if (out.end <= out.start) out.end = out.start + core::Duration::Seconds(1);
  return out;
}

core::Result<std::vector<Occurrence>> Series::Between(core::Date from, core::Date to,
                                                      size_t limit) const {
  std::optional<unsigned> weekdays = PlainWeekdays(rule, starts_on);
  if (!weekdays) return BetweenWithLibical(from, to, limit);
  // Every date from DTSTART on whose weekday is selected: what libical yields for these rules,
  // at a fraction of its cost (it builds calendar fields for every step).
  std::vector<Occurrence> out;
  std::set<core::Date> excluded(exdates.begin(), exdates.end());
  core::Date last = ends_on && *ends_on < to ? *ends_on : to;
  for (core::Date date = std::max(from, starts_on); date <= last && out.size() < limit;
       date = date.AddDays(1)) {
    if ((*weekdays >> date.Weekday() & 1u) == 0) continue;
    Occurrence occurrence = On(date);
    if (PastUntil(*this, occurrence)) break;
    if (!excluded.contains(date)) out.push_back(occurrence);
  }
  return out;
}

core::Result<std::vector<Occurrence>> Series::BetweenWithLibical(core::Date from, core::Date to,
                                                                 size_t limit) const {
  std::vector<Occurrence> out;
  if (to < from || to < starts_on || (ends_on && from > *ends_on)) return out;
  bool month_days = !rule.by_month_day.empty();
  Rule for_libical = rule;
  if (month_days && rule.frequency != Frequency::kDaily) {
    for_libical.by_month_day = CandidateDays(rule.by_month_day);
  }
  std::string text = for_libical.ToLibicalString(
      /*with_month_day=*/month_days && rule.frequency != Frequency::kDaily);
  icalrecurrencetype recurrence = icalrecurrencetype_from_string(text.c_str());
  if (recurrence.freq == ICAL_NO_RECURRENCE) return CannotExpand(rule);
  IteratorPtr it(icalrecur_iterator_new(recurrence, ToIcal(starts_on, start_time)));
  if (!it) return CannotExpand(rule);
  if (!rule.count && from > starts_on) {
    // Skips the years before `from` without walking them; refused (0) with COUNT.
    icalrecur_iterator_set_start(it.get(), ToIcal(from, TimeOfDay{}));
  }
  std::set<core::Date> excluded(exdates.begin(), exdates.end());
  int counted = 0;
  while (out.size() < limit) {
    icaltimetype next = icalrecur_iterator_next(it.get());
    if (icaltime_is_null_time(next)) break;
    core::Date date(next.year, unsigned(next.month), unsigned(next.day));
    if (date > to || (ends_on && date > *ends_on)) break;
    if (month_days && !MonthDayMatches(rule.by_month_day, date)) continue;
    // COUNT counts every occurrence of the rule from DTSTART, excluded dates too (RFC 5545).
    if (rule.count && ++counted > *rule.count) break;
    Occurrence occurrence = On(date);
    if (PastUntil(*this, occurrence)) break;
    if (date < from || excluded.contains(date)) continue;
    out.push_back(occurrence);
  }
  return out;
}

}  // namespace sessiond::recurring
