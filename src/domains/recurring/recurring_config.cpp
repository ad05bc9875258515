#include "domains/recurring/recurring_config.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace sessiond::recurring {
namespace {

constexpr std::string_view kField = "recurring_config";
constexpr std::array<std::string_view, 7> kNames = {"sunday",   "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday"};

std::optional<int> DayNumber(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (text == kNames[i] || text == kNames[i].substr(0, 3) || text == kNames[i].substr(0, 2)) {
      return int(i);
    }
  }
  return std::nullopt;
}

}  // namespace

core::Result<ConfigRule> ConvertRecurringConfig(const core::Json& config) {
  if (!config.is_object()) {
    return core::Error::Field(core::ErrorCode::kBadRequest, kField, "recurring_config must be an object");
  }
  core::ObjectReader in(config, std::string(kField));
  std::optional<core::Json> days = in.OptionalAny("days_of_week");
  std::optional<std::string> start = in.RequiredString("start_time");
  std::optional<std::string> end = in.RequiredString("end_time");
  if (auto error = in.Finish()) return *error;
  std::string days_field = in.Path("days_of_week");
  if (!days || !days->is_array() || days->empty()) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, days_field,
                              "days_of_week is a non-empty list such as [\"mon\",\"wed\"]");
  }
  ConfigRule out;
  out.rule.frequency = Frequency::kWeekly;
  for (const core::Json& day : *days) {
    std::optional<int> number = day.is_string() ? DayNumber(day.get<std::string>()) : std::nullopt;
    if (!number) {
      return core::Error::Field(core::ErrorCode::kUnprocessable, days_field,
                                "days are mon, tue, wed, thu, fri, sat or sun", day.dump());
    }
    out.rule.by_day.push_back({*number, 0});
  }
  std::sort(out.rule.by_day.begin(), out.rule.by_day.end());
  out.rule.by_day.erase(std::unique(out.rule.by_day.begin(), out.rule.by_day.end()),
                        out.rule.by_day.end());
  core::Result<TimeOfDay> start_time = TimeOfDay::Parse(*start, in.Path("start_time"));
  if (!start_time) return start_time.error();
  core::Result<TimeOfDay> end_time = TimeOfDay::Parse(*end, in.Path("end_time"));
  if (!end_time) return end_time.error();
  if (*end_time <= *start_time) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, in.Path("end_time"),
                              "end_time must be after start_time (use rule, start_time, end_time "
                              "and end_next_day for a session that crosses midnight)",
                              *end);
  }
  out.start_time = *start_time;
  out.end_time = *end_time;
  return out;
}

}  // namespace sessiond::recurring
