#include "scheduler/cron_parser.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

namespace sessiond::scheduler {
namespace {

using core::Error;
using core::ErrorCode;

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const char* const* names;  // value names, indexed from `min`; nullptr when none
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
constexpr const char* kWeekdayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

constexpr FieldSpec kSecond{"second", 0, 59, nullptr};
constexpr FieldSpec kMinute{"minute", 0, 59, nullptr};
constexpr FieldSpec kHour{"hour", 0, 23, nullptr};
constexpr FieldSpec kDayOfMonth{"day_of_month", 1, 31, nullptr};
constexpr FieldSpec kMonth{"month", 1, 12, kMonthNames};
// 7 is accepted as Sunday and folded onto 0 after parsing.
constexpr FieldSpec kDayOfWeek{"day_of_week", 0, 7, kWeekdayNames};

struct Macro {
  std::string_view name;
  std::string_view expansion;
};
constexpr Macro kMacros[] = {
    {"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
    {"@weekly", "0 0 * * 0"},  {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
};

Error Invalid(std::string_view part, std::string message, std::string_view token) {
  Error error = Error::Field(ErrorCode::kUnprocessable, "schedule", std::move(message), token);
  error.details["part"] = std::string(part);
  return error;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::vector<std::string_view> SplitWhitespace(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) parts.push_back(text.substr(start, i - start));
  }
  return parts;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// A number or a name of the field, checked against its range.
core::Result<int> ParseValue(const FieldSpec& spec, std::string_view token, std::string_view item) {
  if (spec.names) {
    for (int i = 0; spec.names[i]; ++i) {
      if (EqualsIgnoreCase(token, spec.names[i])) return spec.min + i;
    }
  }
  int value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (token.empty() || ec != std::errc() || end != token.data() + token.size()) {
    return Invalid(spec.name, std::string("invalid ") + spec.name + " '" + std::string(item) + "'",
                   item);
  }
  if (value < spec.min || value > spec.max) {
    return Invalid(spec.name,
                   std::string(spec.name) + " " + std::to_string(value) + " is outside " +
                       std::to_string(spec.min) + "-" + std::to_string(spec.max),
                   item);
  }
  return value;
}

// Parses one comma-separated field into a bit set.
core::Result<uint64_t> ParseField(const FieldSpec& spec, std::string_view text) {
  uint64_t bits = 0;
  for (std::string_view item : Split(text, ',')) {
    std::string_view range = item;
    int step = 1;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      std::string_view step_text = item.substr(slash + 1);
      auto [end, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (step_text.empty() || ec != std::errc() || end != step_text.data() + step_text.size() ||
          step < 1 || step > spec.max) {
        return Invalid(spec.name, std::string("invalid step in ") + spec.name + " '" +
                                      std::string(item) + "'", item);
      }
    }
    int low = spec.min;
    int high = spec.max;
    if (range == "*") {
    } else if (size_t dash = range.find('-'); dash != std::string_view::npos) {
      core::Result<int> a = ParseValue(spec, range.substr(0, dash), item);
      if (!a) return a.error();
      core::Result<int> b = ParseValue(spec, range.substr(dash + 1), item);
      if (!b) return b.error();
      if (*a > *b) {
        return Invalid(spec.name, std::string("backwards range in ") + spec.name + " '" +
                                      std::string(item) + "'", item);
      }
      low = *a;
      high = *b;
    } else {
      core::Result<int> value = ParseValue(spec, range, item);
      if (!value) return value.error();
      low = *value;
      // `a/n` means from a to the end of the range, every n.
      high = item.find('/') != std::string_view::npos ? spec.max : *value;
    }
    for (int v = low; v <= high; v += step) bits |= uint64_t{1} << v;
  }
  return bits;
}

bool HasStarOrStep(std::string_view field) {
  return field.find('*') != std::string_view::npos || field.find('/') != std::string_view::npos;
}

}  // namespace

core::Result<CronFields> ParseCron(std::string_view expression) {
  std::string lowered(expression);
  for (char& c : lowered) c = char(std::tolower(static_cast<unsigned char>(c)));
  for (const Macro& macro : kMacros) {
    if (lowered == macro.name) return ParseCron(macro.expansion);
  }
  if (!expression.empty() && expression[0] == '@') {
    return Invalid("macro", "unknown macro '" + std::string(expression) + "'", expression);
  }
  std::vector<std::string_view> fields = SplitWhitespace(expression);
  if (fields.size() != 5 && fields.size() != 6) {
    return Invalid("expression",
                   "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with "
                   "leading seconds, got " + std::to_string(fields.size()),
                   expression);
  }
  CronFields cron;
  size_t i = 0;
  bool seconds_fixed = true;
  if (fields.size() == 6) {
    core::Result<uint64_t> seconds = ParseField(kSecond, fields[i]);
    if (!seconds) return seconds.error();
    cron.seconds = *seconds;
    seconds_fixed = !HasStarOrStep(fields[i]);
    ++i;
  }
  std::string_view minute = fields[i++], hour = fields[i++], dom = fields[i++],
                   month = fields[i++], dow = fields[i++];

  core::Result<uint64_t> minutes = ParseField(kMinute, minute);
  if (!minutes) return minutes.error();
  core::Result<uint64_t> hours = ParseField(kHour, hour);
  if (!hours) return hours.error();
  if (dom == "L" || dom == "l" || dom == "$") {
    cron.last_day = true;
  } else {
    core::Result<uint64_t> days = ParseField(kDayOfMonth, dom);
    if (!days) return days.error();
    cron.days = uint32_t(*days);
  }
  core::Result<uint64_t> months = ParseField(kMonth, month);
  if (!months) return months.error();
  core::Result<uint64_t> weekdays = ParseField(kDayOfWeek, dow);
  if (!weekdays) return weekdays.error();

  cron.minutes = *minutes;
  cron.hours = uint32_t(*hours);
  cron.months = uint16_t(*months);
  cron.weekdays = uint8_t((*weekdays | (*weekdays >> 7)) & 0x7f);  // 7 is Sunday
  cron.day_of_month_star = dom[0] == '*';
  cron.day_of_week_star = dow[0] == '*';
  cron.fixed_time = seconds_fixed && !HasStarOrStep(minute) && !HasStarOrStep(hour);

  // A day-of-month that no listed month has (30 February) would never fire: refuse it rather
  // than accept a job that silently never runs.
  if (!cron.last_day && cron.day_of_week_star) {
    static constexpr std::array<int, 13> kMaxDays = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool possible = false;
    for (int m = 1; m <= 12; ++m) {
      if (!(cron.months >> m & 1)) continue;
      uint32_t allowed = uint32_t((uint64_t{1} << (kMaxDays[m] + 1)) - 2);
      if (cron.days & allowed) possible = true;
    }
    if (!possible) {
      return Invalid("day_of_month", "no listed month has day '" + std::string(dom) + "'", dom);
    }
  }
  return cron;
}

}  // namespace sessiond::scheduler
