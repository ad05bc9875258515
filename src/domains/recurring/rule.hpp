#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace sessiond::recurring {

enum class Frequency { kDaily, kWeekly, kMonthly, kYearly };

// One BYDAY entry: a weekday (0 = Sunday .. 6 = Saturday) with an optional ordinal
// ("1MO" = first Monday, "-1FR" = last Friday; 0 = every such weekday).
struct WeekdayNum {
  int weekday = 0;
  int ordinal = 0;
  auto operator<=>(const WeekdayNum&) const = default;
};

// UNTIL in one of RFC 5545's three forms: a date, a local date-time, or a UTC date-time.
struct Until {
  core::LocalDateTime local;  // the date (time 23:59:59 for the date form) or the local time
  bool utc = false;           // "...Z": `instant` holds it
  bool date_only = false;
  core::Timestamp instant;
};

// The RRULE subset sessiond accepts (docs/recurring.md): FREQ DAILY/WEEKLY/MONTHLY/YEARLY,
// INTERVAL, BYDAY (with ordinals for MONTHLY and YEARLY), BYMONTHDAY (negative too), BYMONTH,
// COUNT or UNTIL, WKST. Anything else is refused rather than half-understood. A plain value.
struct Rule {
  Frequency frequency = Frequency::kWeekly;
  int interval = 1;
  std::vector<WeekdayNum> by_day;
  std::vector<int> by_month_day;  // -31..-1, 1..31
  std::vector<int> by_month;      // 1..12
  std::optional<int> count;       // 1..kMaxCount
  std::optional<Until> until;
  std::optional<int> week_start;  // weekday, as WeekdayNum::weekday

  static constexpr int kMaxCount = 100'000;
  static constexpr int kMaxInterval = 1000;

  // Parses "FREQ=WEEKLY;BYDAY=MO,WE" (an "RRULE:" prefix is allowed). Errors: kUnprocessable
  // naming `field` with the offending part as the token ("BYDAY=XX", "COUNT=0", "FREQ=HOURLY").
  static core::Result<Rule> Parse(std::string_view text, std::string_view field = "rule");

  // The canonical text, parts in a fixed order: what is stored and shown.
  std::string ToString() const;
  // The text handed to libical: FREQ, INTERVAL, BY* and WKST only. COUNT, UNTIL and the
  // BYMONTHDAY values libical 3.0.16 mishandles are applied by Expansion (expansion.hpp).
  std::string ToLibicalString(bool with_month_day) const;
};

// "MO".."SU" for a weekday number (0 = Sunday).
std::string_view WeekdayCode(int weekday);

}  // namespace sessiond::recurring
