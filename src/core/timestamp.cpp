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

// Writes `value` as exactly `width` digits ending just before `end`; returns the new end.
char* PutDigits(char* end, int64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    *--end = char('0' + value % 10);
    value /= 10;
  }
  return end;
}

// By hand rather than snprintf: a page of 10,000 check-ins formats 20,000 timestamps, and
// snprintf's format parsing was most of that page's time.
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
  int year = int(ymd.year());
  if (year < 0 || year > 9999) {
    // Outside RFC 3339's four-digit years: spelled out as before, never truncated.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%0*dZ", year,
                  unsigned(ymd.month()), unsigned(ymd.day()), int(secs / 3600),
                  int(secs / 60 % 60), int(secs % 60), fraction_digits,
                  int(fraction_digits == 3 ? frac / 1000 : frac));
    return buf;
  }
  // "YYYY-MM-DDTHH:MM:SS." then the fraction and "Z", written from the end.
  char buf[27];
  size_t size = 20 + size_t(fraction_digits) + 1;
  char* end = buf + size;
  *--end = 'Z';
  end = PutDigits(end, fraction_digits == 3 ? frac / 1000 : frac, fraction_digits);
  *--end = '.';
  end = PutDigits(end, secs % 60, 2);
  *--end = ':';
  end = PutDigits(end, secs / 60 % 60, 2);
  *--end = ':';
  end = PutDigits(end, secs / 3600, 2);
  *--end = 'T';
  end = PutDigits(end, unsigned(ymd.day()), 2);
  *--end = '-';
  end = PutDigits(end, unsigned(ymd.month()), 2);
  *--end = '-';
  PutDigits(end, year, 4);
  return std::string(buf, size);
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
