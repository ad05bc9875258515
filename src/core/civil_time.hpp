#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sessiond::core {

// A calendar date with no time zone ("2026-11-21"): a site's local day, a recurring
// session's scheduled date.
class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(std::chrono::year_month_day ymd) : ymd_(ymd) {}
  constexpr Date(int year, unsigned month, unsigned day)
      : ymd_(std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}) {}

  // Parses "YYYY-MM-DD"; kUnprocessable for any other form or an impossible date.
  static Result<Date> Parse(std::string_view text);

  int year() const { return int(ymd_.year()); }
  unsigned month() const { return unsigned(ymd_.month()); }
  unsigned day() const { return unsigned(ymd_.day()); }
  std::chrono::year_month_day ymd() const { return ymd_; }
  std::chrono::sys_days ToSysDays() const { return std::chrono::sys_days{ymd_}; }
  Date AddDays(int n) const { return Date{std::chrono::year_month_day{ToSysDays() + std::chrono::days{n}}}; }
  // 0 = Sunday .. 6 = Saturday.
  unsigned Weekday() const { return std::chrono::weekday{ToSysDays()}.c_encoding(); }

  std::string ToString() const;

  constexpr auto operator<=>(const Date&) const = default;

 private:
  std::chrono::year_month_day ymd_{std::chrono::year{1970}, std::chrono::January, std::chrono::day{1}};
};

// A wall-clock date and time with no zone, to the second ("2026-03-08T02:30:00").
struct LocalDateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;

  std::chrono::local_seconds ToLocalSeconds() const;
  static LocalDateTime FromLocalSeconds(std::chrono::local_seconds t);
  std::string ToString() const;  // "2026-03-08T02:30:00"
  auto operator<=>(const LocalDateTime&) const = default;
};

}  // namespace sessiond::core
