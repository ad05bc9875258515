// libFuzzer target for the recurring family's untrusted input: Rule::Parse with the series
// expansion (libical) behind it, and the seed's recurring_config conversion. Built and run by
// scripts/fuzz.sh with clang++ -fsanitize=fuzzer,address,undefined; a crash, a sanitizer
// report or a broken invariant (abort) is a finding.
//
// Input: a rule, optionally followed by a newline and a recurring_config JSON object.
// Invariants:
//   - a rule that parses prints a canonical text that parses to the same text;
//   - its occurrences over two years, in America/New_York, have strictly increasing dates
//     inside the window, end after they start, and start on the series' wall time unless
//     flagged as moved by a DST gap;
//   - a converted recurring_config is a weekly rule whose end is after its start.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domains/recurring/recurring_config.hpp"
#include "domains/recurring/series.hpp"

namespace {

using sessiond::core::Date;
using namespace sessiond::recurring;

void Check(bool ok) {
  if (!ok) std::abort();
}

void FuzzRule(std::string_view text) {
  sessiond::core::Result<Rule> rule = Rule::Parse(text);
  if (!rule) {
    Check(rule.error().code == sessiond::core::ErrorCode::kUnprocessable);
    return;
  }
  std::string canonical = rule->ToString();
  sessiond::core::Result<Rule> again = Rule::Parse(canonical);
  Check(again.ok() && again->ToString() == canonical);

  static const sessiond::core::TimeZone zone = *sessiond::core::TimeZone::Find("America/New_York");
  Series series;
  series.rule = *rule;
  series.zone = zone;
  series.starts_on = Date(2026, 1, 1);
  series.start_time = TimeOfDay{2, 30, 0};
  series.length.duration = sessiond::core::Duration::Hours(1);
  Date from(2026, 1, 1), to(2027, 12, 31);
  sessiond::core::Result<std::vector<Occurrence>> found = series.Between(from, to, 1000);
  if (!found) return;
  for (size_t i = 0; i < found->size(); ++i) {
    const Occurrence& o = (*found)[i];
    Check(o.date >= from && o.date <= to);
    Check(o.end > o.start);
    if (i > 0) Check((*found)[i - 1].date < o.date);
    sessiond::core::LocalDateTime local = zone.ToLocal(o.start);
    Check(o.dst_shifted || (local.hour == 2 && local.minute == 30 && local.date == o.date));
  }
}

void FuzzConfig(std::string_view text) {
  sessiond::core::Json json = sessiond::core::Json::parse(text, nullptr, false);
  if (json.is_discarded()) return;
  sessiond::core::Result<ConfigRule> converted = ConvertRecurringConfig(json);
  if (!converted) return;
  Check(converted->rule.frequency == Frequency::kWeekly && !converted->rule.by_day.empty());
  Check(converted->end_time > converted->start_time);
  Check(Rule::Parse(converted->rule.ToString()).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  FuzzRule(input.substr(0, newline));
  if (newline != std::string_view::npos) FuzzConfig(input.substr(newline + 1));
  return 0;
}
