#include "domains/recurring/tasks.hpp"

#include "domains/recurring/events.hpp"

namespace sessiond::recurring {
namespace {

// A summary lists at most this many ids; the count is always exact.
constexpr size_t kListedIds = 100;

// Lateness from 1 ms to the seed's 5 minutes and beyond, in seconds.
const std::vector<double>& LatenessBuckets() {
  static const std::vector<double> buckets = {0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 30, 60, 300, 600};
  return buckets;
}

core::Result<int> ReadDaysAhead(const core::Json& params) {
  core::ObjectReader in(params, "params");
  std::optional<int64_t> days = in.OptionalInt("days_ahead", 1, kMaxDaysAhead);
  if (auto error = in.Finish()) return *error;
  return int(days.value_or(kDefaultDaysAhead));
}

core::Result<void> NoParams(const core::Json& params) {
  core::ObjectReader in(params, "params");
  if (auto error = in.Finish()) return *error;
  return core::Ok();
}

// Runs one sweep: `change` in the task's transaction, each changed session published as
// `event`, then the sweep's next instant armed.
core::Result<core::Json> Sweep(scheduler::TaskContext& context, const Deadlines& deadlines,
                               std::string_view event, std::string_view counter,
                               core::Result<std::vector<Changed>> (*change)(store::Connection&, core::Timestamp),
                               std::vector<Changed>& changed) {
  core::Timestamp now = context.clock().Now();
  NextDue next;
  core::Result<core::Json> summary = context.Commit([&](store::Connection& c) -> core::Result<core::Json> {
    core::Result<std::vector<Changed>> rows = change(c, now);
    if (!rows) return rows.error();
    changed = std::move(*rows);
    core::Json ids = core::Json::array();
    for (const Changed& s : changed) {
      core::Json payload = {{"id", s.id.ToString()},
                            {"template_id", s.template_id ? core::Json(s.template_id->ToString()) : core::Json()},
                            {"at", now.ToRfc3339()}};
      if (core::Result<void> published = PublishChange(c, event, payload, now); !published) {
        return published.error();
      }
      if (ids.size() < kListedIds) ids.push_back(s.id.ToString());
    }
    core::Result<NextDue> due = NextDue::Read(c, now);
    if (!due) return due.error();
    next = *due;
    return core::Json{{std::string(counter), changed.size()}, {"sessions", ids}};
  });
  if (summary) deadlines.Arm(next);
  return summary;
}

}  // namespace

std::vector<scheduler::TaskParam> GenerateTask::params() const {
  return {{"days_ahead", "integer", "days ahead to generate, 1 to 366", kDefaultDaysAhead, false}};
}

core::Result<void> GenerateTask::Validate(const core::Json& params) const {
  core::Result<int> days = ReadDaysAhead(params);
  if (!days) return days.error();
  return core::Ok();
}

core::Result<core::Json> GenerateTask::Run(scheduler::TaskContext& context) {
  core::Result<int> days = ReadDaysAhead(context.params());
  if (!days) return days.error();
  core::Timestamp now = context.clock().Now();
  std::string trigger(scheduler::TriggerName(context.trigger()));
  NextDue next;
  core::Result<core::Json> summary = context.Commit([&](store::Connection& c) -> core::Result<core::Json> {
    core::Result<std::vector<SessionTemplate>> templates = Repository::ActiveTemplates(c);
    if (!templates) return templates.error();
    int created = 0;
    for (const SessionTemplate& t : *templates) {
      core::Result<Generated> generated = GenerateSessions(c, t, now, *days, trigger, service_.ids());
      if (!generated) return generated.error();
      created += generated->created;
    }
    core::Result<NextDue> due = NextDue::Read(c, now);
    if (!due) return due.error();
    next = *due;
    return core::Json{{"templates", templates->size()}, {"created", created}, {"days_ahead", *days}};
  });
  if (summary) deadlines_.Arm(next);
  return summary;
}

core::Result<void> ActivateTask::Validate(const core::Json& params) const { return NoParams(params); }

core::Result<core::Json> ActivateTask::Run(scheduler::TaskContext& context) {
  std::vector<Changed> changed;
  return Sweep(context, deadlines_, "session.activated", "activated", &Repository::ActivateDue, changed);
}

CloseTask::CloseTask(const Deadlines& deadlines, core::MetricsRegistry& metrics)
    : deadlines_(deadlines),
      lateness_(metrics.GetHistogram("sessiond_recurring_close_lateness_seconds",
                                     "How long after its valid_until a session was closed.",
                                     LatenessBuckets())) {}

core::Result<void> CloseTask::Validate(const core::Json& params) const { return NoParams(params); }

core::Result<core::Json> CloseTask::Run(scheduler::TaskContext& context) {
  std::vector<Changed> changed;
  core::Result<core::Json> summary =
      Sweep(context, deadlines_, "session.closed", "closed", &Repository::CloseDue, changed);
  if (summary) {
    core::Timestamp now = context.clock().Now();
    for (const Changed& s : changed) lateness_.Observe(double((now - s.due).micros()) / 1e6);
  }
  return summary;
}

}  // namespace sessiond::recurring
