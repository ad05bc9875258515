#include "core/timestamp.hpp"

#include <cstdio>

#include "core/detail/digits.hpp"

namespace sessiond::core {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

Error Invalid(std::string_view text) {
  return Error::Unprocessable("invalid timestamp '" + std::string(text) +
                              "': expected RFC 3339, e.g. 2026-11-21T19:04:00Z");
}

std::string Format(int64_t us, int fraction_digits) {
  constexpr int64_t kMicrosPerDay = 86'400'000'000;
  int64_t day = us / kMicrosPerDay;
  int64_t in_day = us % kMicrosPerDay;
  if (in_day < 0) {
    in_day += kMicrosPerDay;
    --day;
  }
  year_month_day ymd{sys_days{days{day}}};
  int64_t secs = in_day / 1'000'000;
  int64_t frac = in_day % 1'000'000;
  char buf[40];
  if (fraction_digits == 3) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(secs / 3600), int(secs / 60 % 60),
                  int(secs % 60), int(frac / 1000));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(secs / 3600), int(secs / 60 % 60),
                  int(secs % 60), int(frac));
  }
  return buf;
}

}  // namespace

Result<Timestamp> Timestamp::Parse(std::string_view text) {
  detail::DigitReader in(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!in.Fixed(4, year) || !in.Char('-') || !in.Fixed(2, month) || !in.Char('-') ||
      !in.Fixed(2, day)) {
    return Invalid(text);
  }
  if (!in.Char('T') && !in.Char('t') && !in.Char(' ')) return Invalid(text);
  if (!in.Fixed(2, hour) || !in.Char(':') || !in.Fixed(2, minute) || !in.Char(':') ||
      !in.Fixed(2, second)) {
    return Invalid(text);
  }
  int64_t micros = 0;
  if (in.Char('.')) {
    int digits = 0;
    int value = 0;
    while (in.Digit(value)) {
      if (digits < 6) micros = micros * 10 + value;
      ++digits;
    }
    if (digits == 0) return Invalid(text);
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  int64_t offset_seconds = 0;
  if (in.Char('Z') || in.Char('z')) {
  } else if (in.Peek() == '+' || in.Peek() == '-') {
    int sign = in.Peek() == '-' ? -1 : 1;
    in.Skip();
    int oh = 0, om = 0;
    if (!in.Fixed(2, oh)) return Invalid(text);
    // PostgreSQL writes "+00"; RFC 3339 writes "+00:00".
    if (in.Char(':')) {
      if (!in.Fixed(2, om)) return Invalid(text);
    } else if (!in.AtEnd() && !in.Fixed(2, om)) {
      return Invalid(text);
    }
    if (oh > 23 || om > 59) return Invalid(text);
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return Invalid(text);
  }
  if (!in.AtEnd()) return Invalid(text);

  year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                     std::chrono::day{unsigned(day)}};
  // Second 60 is accepted as the leap second RFC 3339 allows and folded onto the next second.
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return Invalid(text);
  int64_t epoch_days = sys_days{ymd}.time_since_epoch().count();
  int64_t secs = epoch_days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return Timestamp(secs * 1'000'000 + micros);
}

std::string Timestamp::ToRfc3339() const { return Format(us_, 3); }
std::string Timestamp::ToRfc3339Micros() const { return Format(us_, 6); }

}  // namespace sessiond::core
