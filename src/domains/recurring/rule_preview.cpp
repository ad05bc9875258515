// GET /v1/schedules/preview?rule=...: the scheduler's preview route, fed by this family.
#include "domains/recurring/routes.hpp"
#include "scheduler/api/scheduler_routes.hpp"

namespace sessiond::recurring {
namespace {

// How far a preview looks for occurrences: a sparse rule (the 5th Monday of February) still
// answers quickly, and a rule that never fires ends the search.
constexpr int kWindowDays = 366;
constexpr int kMaxWindows = 30;

core::Result<std::vector<scheduler::PreviewItem>> PreviewRule(const http::RequestContext& context,
                                                              const core::TimeZone& zone,
                                                              core::Timestamp after, int64_t count) {
  core::Result<Rule> rule = Rule::Parse(context.Query("rule").value_or(""), "rule");
  if (!rule) return rule.error();
  core::Result<TimeOfDay> start = TimeOfDay::Parse(context.Query("start_time").value_or("00:00"), "start_time");
  if (!start) return start.error();
  Series series{*rule, zone, zone.ToLocal(after).date, std::nullopt, *start,
                OccurrenceLength{std::nullopt, false, core::Duration::Seconds(1)}, {}};
  if (std::optional<std::string> starts_on = context.Query("starts_on")) {
    core::Result<core::Date> date = core::Date::Parse(*starts_on);
    if (!date) {
      return core::Error::Field(core::ErrorCode::kUnprocessable, "starts_on",
                                "starts_on must be a date YYYY-MM-DD", *starts_on);
    }
    series.starts_on = *date;
  }
  if (rule->until) {
    core::LocalDateTime first{series.starts_on, start->hour, start->minute, start->second};
    if (rule->until->utc ? rule->until->instant < series.FirstStart() : rule->until->local < first) {
      return core::Error::Field(core::ErrorCode::kUnprocessable, "rule",
                                "UNTIL is before the first occurrence (starts_on at start_time)");
    }
  }
  std::vector<scheduler::PreviewItem> out;
  core::Date from = std::max(series.starts_on, zone.ToLocal(after).date.AddDays(-1));
  for (int window = 0; window < kMaxWindows && int64_t(out.size()) < count; ++window) {
    core::Date to = from.AddDays(kWindowDays - 1);
    core::Result<std::vector<Occurrence>> found = series.Between(from, to);
    if (!found) return found.error();
    for (const Occurrence& o : *found) {
      if (o.start > after && int64_t(out.size()) < count) out.push_back({o.start, o.dst_shifted});
    }
    from = to.AddDays(1);
  }
  return out;
}

}  // namespace

void InstallRulePreview() { scheduler::SetRulePreview(PreviewRule); }

}  // namespace sessiond::recurring
