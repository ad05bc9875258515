#pragma once

#include <cstdint>

namespace sessiond::scheduler {

// A parsed cron expression as bit sets, one bit per allowed value. Immutable value type.
struct CronFields {
  uint64_t seconds = 1;      // bits 0..59; 5-field expressions fire at second 0
  uint64_t minutes = 0;      // bits 0..59
  uint32_t hours = 0;        // bits 0..23
  uint32_t days = 0;         // bits 1..31 (day of month)
  uint16_t months = 0;       // bits 1..12
  uint8_t weekdays = 0;      // bits 0..6, 0 = Sunday
  bool last_day = false;     // `L` / `$` in the day-of-month field
  // A field written starting with `*` (including `*/n`) does not restrict the day: when both
  // day fields restrict, a day matching either fires (classic cron).
  bool day_of_month_star = true;
  bool day_of_week_star = true;
  // True when seconds, minutes and hours contain neither `*` nor a step: the expression names
  // wall-clock times, and DST moves it as cronie does (a time in a gap fires once at the end
  // of the gap, a repeated time fires once). Otherwise it follows real time.
  bool fixed_time = false;
};

}  // namespace sessiond::scheduler
