#include "core/civil_time.hpp"

#include <cstdio>

#include "core/detail/digits.hpp"

namespace sessiond::core {

Result<Date> Date::Parse(std::string_view text) {
  detail::DigitReader in(text);
  int year = 0, month = 0, day = 0;
  if (in.Fixed(4, year) && in.Char('-') && in.Fixed(2, month) && in.Char('-') &&
      in.Fixed(2, day) && in.AtEnd()) {
    Date date(year, unsigned(month), unsigned(day));
    if (date.ymd_.ok()) return date;
  }
  return Error::Unprocessable("invalid date '" + std::string(text) + "': expected YYYY-MM-DD");
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

std::chrono::local_seconds LocalDateTime::ToLocalSeconds() const {
  return std::chrono::local_seconds{date.ToSysDays().time_since_epoch()} +
         std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
}

LocalDateTime LocalDateTime::FromLocalSeconds(std::chrono::local_seconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  auto secs = (t - day).count();
  return {Date{std::chrono::year_month_day{std::chrono::sys_days{day.time_since_epoch()}}},
          int(secs / 3600), int(secs / 60 % 60), int(secs % 60)};
}

std::string LocalDateTime::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", date.ToString().c_str(), hour, minute,
                second);
  return buf;
}

}  // namespace sessiond::core
