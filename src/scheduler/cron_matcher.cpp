#include "scheduler/cron_matcher.hpp"

#include <bit>

namespace sessiond::scheduler {
namespace {

using namespace std::chrono;

// The lowest set bit at or above `from`, or -1.
int NextBit(uint64_t bits, int from) {
  if (from >= 64) return -1;
  uint64_t masked = bits & (~uint64_t{0} << from);
  return masked ? std::countr_zero(masked) : -1;
}

unsigned DaysInMonth(int y, unsigned m) {
  return unsigned((year_month_day_last{year{y}, month_day_last{month{m}}}).day());
}

bool DayMatches(const CronFields& cron, int y, unsigned m, unsigned d) {
  bool dom = cron.last_day ? d == DaysInMonth(y, m) : (cron.days >> d & 1) != 0;
  unsigned weekday = std::chrono::weekday{sys_days{year{y} / month{m} / day{d}}}.c_encoding();
  bool dow = (cron.weekdays >> weekday & 1) != 0;
  if (cron.day_of_month_star) return dow;
  if (cron.day_of_week_star) return dom;
  return dom || dow;
}

}  // namespace

std::optional<local_seconds> NextLocalMatch(const CronFields& cron, local_seconds from) {
  auto day_start = floor<days>(from);
  year_month_day ymd{sys_days{day_start.time_since_epoch()}};
  int y = int(ymd.year());
  unsigned mo = unsigned(ymd.month());
  unsigned d = unsigned(ymd.day());
  int64_t in_day = (from - day_start).count();
  int h = int(in_day / 3600), mi = int(in_day / 60 % 60), s = int(in_day % 60);
  const int last_year = y + kCronSearchYears;

  // Each step either returns or moves the candidate forward to the start of the next unit
  // that could match, so the loop ends within a bounded number of steps.
  auto next_day = [&] {
    h = mi = s = 0;
    if (++d > DaysInMonth(y, mo)) {
      d = 1;
      if (++mo > 12) {
        mo = 1;
        ++y;
      }
    }
  };
  while (y <= last_year) {
    if (!(cron.months >> mo & 1)) {
      int next = NextBit(cron.months, int(mo) + 1);
      if (next < 0) {
        ++y;
        next = NextBit(cron.months, 1);
      }
      mo = unsigned(next);
      d = 1;
      h = mi = s = 0;
      continue;
    }
    if (!DayMatches(cron, y, mo, d)) {
      next_day();
      continue;
    }
    int hour = NextBit(cron.hours, h);
    if (hour < 0) {
      next_day();
      continue;
    }
    if (hour != h) {
      h = hour;
      mi = s = 0;
    }
    int minute = NextBit(cron.minutes, mi);
    if (minute < 0) {
      ++h;
      mi = s = 0;
      if (h > 23) next_day();
      continue;
    }
    if (minute != mi) {
      mi = minute;
      s = 0;
    }
    int second = NextBit(cron.seconds, s);
    if (second < 0) {
      ++mi;
      s = 0;
      if (mi > 59) {
        mi = 0;
        if (++h > 23) next_day();
      }
      continue;
    }
    return local_seconds{sys_days{year{y} / month{mo} / day{d}}.time_since_epoch()} + hours{h} +
           minutes{mi} + seconds{second};
  }
  return std::nullopt;
}

}  // namespace sessiond::scheduler
