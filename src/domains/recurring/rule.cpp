#include "domains/recurring/rule.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

namespace sessiond::recurring {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

core::Error Bad(std::string_view field, std::string message, std::string_view token) {
  return core::Error::Field(core::ErrorCode::kUnprocessable, field, std::move(message), token);
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// A signed decimal integer and nothing else ("+3" is accepted, as RFC 5545 allows).
std::optional<int> ToInt(std::string_view text) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> ToWeekday(std::string_view code) {
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (kWeekdays[i] == code) return int(i);
  }
  return std::nullopt;
}

std::optional<int> Digits(std::string_view text, size_t at, size_t n) {
  if (at + n > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ.
std::optional<Until> ParseUntil(std::string_view text) {
  if (text.size() != 8 && text.size() != 15 && text.size() != 16) return std::nullopt;
  auto y = Digits(text, 0, 4), m = Digits(text, 4, 2), d = Digits(text, 6, 2);
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month(unsigned(*m)),
                                  std::chrono::day(unsigned(*d))};
  if (!ymd.ok()) return std::nullopt;
  Until until;
  until.local.date = core::Date(ymd);
  if (text.size() == 8) {
    until.date_only = true;
    until.local.hour = 23;
    until.local.minute = 59;
    until.local.second = 59;
    return until;
  }
  if (text[8] != 'T') return std::nullopt;
  auto hh = Digits(text, 9, 2), mm = Digits(text, 11, 2), ss = Digits(text, 13, 2);
  if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
  until.local.hour = *hh;
  until.local.minute = *mm;
  until.local.second = std::min(*ss, 59);
  if (text.size() == 16) {
    if (text[15] != 'Z') return std::nullopt;
    until.utc = true;
    until.instant = core::Timestamp::FromSysTime(
        std::chrono::sys_time<std::chrono::microseconds>(
            until.local.ToLocalSeconds().time_since_epoch()));
  }
  return until;
}

std::string FormatUntil(const Until& until) {
  const core::LocalDateTime& l = until.local;
  char out[24];
  if (until.date_only) {
    std::snprintf(out, sizeof out, "%04d%02u%02u", l.date.year(), l.date.month(), l.date.day());
  } else {
    std::snprintf(out, sizeof out, "%04d%02u%02uT%02d%02d%02d%s", l.date.year(), l.date.month(),
                  l.date.day(), l.hour, l.minute, l.second, until.utc ? "Z" : "");
  }
  return out;
}

template <typename T, typename F>
std::string Join(const std::vector<T>& values, F format) {
  std::string out;
  for (const T& v : values) {
    if (!out.empty()) out += ',';
    out += format(v);
  }
  return out;
}

// Sorted and without repeats, so that equal rules print equally.
template <typename T>
void Normalize(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

std::string_view WeekdayCode(int weekday) { return kWeekdays.at(size_t(weekday)); }

core::Result<Rule> Rule::Parse(std::string_view text, std::string_view field) {
  std::string_view body = text;
  if (body.substr(0, 6) == "RRULE:") body.remove_prefix(6);
  if (body.empty()) return Bad(field, "the rule is empty", text);
  Rule rule;
  bool have_freq = false;
  std::set<std::string_view> seen;
  for (std::string_view part : Split(body, ';')) {
    size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == part.size()) {
      return Bad(field, "each part of a rule is NAME=VALUE", part);
    }
    std::string_view name = part.substr(0, eq);
    std::string_view value = part.substr(eq + 1);
    if (!seen.insert(name).second) return Bad(field, "a rule names each part once", part);
    if (name == "FREQ") {
      if (value == "DAILY") rule.frequency = Frequency::kDaily;
      else if (value == "WEEKLY") rule.frequency = Frequency::kWeekly;
      else if (value == "MONTHLY") rule.frequency = Frequency::kMonthly;
      else if (value == "YEARLY") rule.frequency = Frequency::kYearly;
      else return Bad(field, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY", part);
      have_freq = true;
    } else if (name == "INTERVAL") {
      std::optional<int> n = ToInt(value);
      if (!n || *n < 1 || *n > kMaxInterval) {
        return Bad(field, "INTERVAL must be an integer from 1 to " + std::to_string(kMaxInterval), part);
      }
      rule.interval = *n;
    } else if (name == "COUNT") {
      std::optional<int> n = ToInt(value);
      if (!n || *n < 1 || *n > kMaxCount) {
        return Bad(field, "COUNT must be an integer from 1 to " + std::to_string(kMaxCount), part);
      }
      rule.count = *n;
    } else if (name == "UNTIL") {
      std::optional<Until> until = ParseUntil(value);
      if (!until) return Bad(field, "UNTIL must be YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ", part);
      rule.until = *until;
    } else if (name == "BYDAY") {
      for (std::string_view item : Split(value, ',')) {
        if (item.size() < 2) return Bad(field, "BYDAY takes weekdays such as MO, 1MO or -1FR", part);
        std::optional<int> weekday = ToWeekday(item.substr(item.size() - 2));
        std::string_view ordinal_text = item.substr(0, item.size() - 2);
        std::optional<int> ordinal = ordinal_text.empty() ? std::optional<int>(0) : ToInt(ordinal_text);
        if (!weekday || !ordinal || (!ordinal_text.empty() && (*ordinal == 0 || *ordinal < -53 || *ordinal > 53))) {
          return Bad(field, "BYDAY takes weekdays such as MO, 1MO or -1FR", part);
        }
        rule.by_day.push_back({*weekday, *ordinal});
      }
    } else if (name == "BYMONTHDAY") {
      for (std::string_view item : Split(value, ',')) {
        std::optional<int> day = ToInt(item);
        if (!day || *day == 0 || *day < -31 || *day > 31) {
          return Bad(field, "BYMONTHDAY takes days from 1 to 31 or -31 to -1", part);
        }
        rule.by_month_day.push_back(*day);
      }
    } else if (name == "BYMONTH") {
      for (std::string_view item : Split(value, ',')) {
        std::optional<int> month = ToInt(item);
        if (!month || *month < 1 || *month > 12) return Bad(field, "BYMONTH takes months from 1 to 12", part);
        rule.by_month.push_back(*month);
      }
    } else if (name == "WKST") {
      std::optional<int> weekday = ToWeekday(value);
      if (!weekday) return Bad(field, "WKST takes a weekday such as MO", part);
      rule.week_start = *weekday;
    } else {
      return Bad(field, "unsupported rule part " + std::string(name) +
                            " (FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT, UNTIL, WKST)",
                 part);
    }
  }
  if (!have_freq) return Bad(field, "a rule needs FREQ", text);
  if (rule.count && rule.until) return Bad(field, "a rule has COUNT or UNTIL, not both", "COUNT");
  bool ordinals = std::any_of(rule.by_day.begin(), rule.by_day.end(),
                              [](const WeekdayNum& w) { return w.ordinal != 0; });
  if (ordinals && rule.frequency != Frequency::kMonthly && rule.frequency != Frequency::kYearly) {
    return Bad(field, "BYDAY ordinals (1MO, -1FR) need FREQ=MONTHLY or FREQ=YEARLY", "BYDAY");
  }
  if (ordinals && rule.frequency == Frequency::kMonthly) {
    for (const WeekdayNum& w : rule.by_day) {
      if (w.ordinal < -5 || w.ordinal > 5) {
        return Bad(field, "with FREQ=MONTHLY a BYDAY ordinal is from -5 to 5", "BYDAY");
      }
    }
  }
  if (rule.frequency == Frequency::kWeekly && !rule.by_month_day.empty()) {
    return Bad(field, "BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545)", "BYMONTHDAY");
  }
  if (!rule.by_month.empty() && !rule.by_month_day.empty()) {
    // libical walks for centuries looking for a date that cannot exist (BYMONTH=2;BYMONTHDAY=30).
    static constexpr std::array<int, 13> kLongest = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool possible = false;
    for (int m : rule.by_month) {
      for (int d : rule.by_month_day) possible |= (d > 0 ? d : -d) <= kLongest[size_t(m)];
    }
    if (!possible) return Bad(field, "no month of BYMONTH has a day of BYMONTHDAY", "BYMONTHDAY");
  }
  Normalize(rule.by_day);
  Normalize(rule.by_month_day);
  Normalize(rule.by_month);
  return rule;
}

std::string Rule::ToString() const {
  static constexpr std::array<std::string_view, 4> kFreq = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
  std::string out = "FREQ=" + std::string(kFreq[size_t(frequency)]);
  if (interval != 1) out += ";INTERVAL=" + std::to_string(interval);
  if (!by_day.empty()) {
    out += ";BYDAY=" + Join(by_day, [](const WeekdayNum& w) {
      return (w.ordinal ? std::to_string(w.ordinal) : std::string()) + std::string(WeekdayCode(w.weekday));
    });
  }
  if (!by_month_day.empty()) {
    out += ";BYMONTHDAY=" + Join(by_month_day, [](int d) { return std::to_string(d); });
  }
  if (!by_month.empty()) out += ";BYMONTH=" + Join(by_month, [](int m) { return std::to_string(m); });
  if (count) out += ";COUNT=" + std::to_string(*count);
  if (until) out += ";UNTIL=" + FormatUntil(*until);
  if (week_start) out += ";WKST=" + std::string(WeekdayCode(*week_start));
  return out;
}

std::string Rule::ToLibicalString(bool with_month_day) const {
  Rule bare = *this;
  bare.count.reset();
  bare.until.reset();
  if (!with_month_day) bare.by_month_day.clear();
  return bare.ToString();
}

}  // namespace sessiond::recurring
