// /v1/schedules/preview, /v1/tasks, /v1/scheduler.
#include <mutex>

#include "auth/policy.hpp"
#include "http/query_params.hpp"
#include "scheduler/api/scheduler_routes.hpp"
#include "scheduler/job_repository.hpp"
#include "store/async.hpp"

namespace sessiond::scheduler {
namespace {

using boost::asio::awaitable;
using http::RequestContext;
using http::Response;
using http::StatusCode;

constexpr int64_t kDefaultPreviewCount = 10;
constexpr int64_t kMaxPreviewCount = 1000;

std::mutex rule_preview_mu;
RulePreview rule_preview;  // guarded by rule_preview_mu; set once at start-up

RulePreview CurrentRulePreview() {
  std::lock_guard lock(rule_preview_mu);
  return rule_preview;
}

// The next occurrences of an expression (`schedule`) or a family's rule (`rule`), computed
// without touching the store. Both list {at, local, dst_shifted}.
core::Result<core::Json> Preview(const RequestContext& context, const core::Clock& clock) {
  std::optional<std::string> text = context.Query("schedule");
  std::optional<std::string> rule = context.Query("rule");
  RulePreview rule_previewer = rule ? CurrentRulePreview() : RulePreview();
  if (!text && !(rule && rule_previewer)) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, "schedule",
                              rule_previewer ? "schedule or rule is required" : "schedule is required");
  }
  if (text && rule) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, "rule", "give schedule or rule, not both");
  }
  core::Result<core::TimeZone> zone = core::TimeZone::Find(context.Query("timezone").value_or("UTC"));
  if (!zone) return zone.error();
  core::Result<int64_t> count =
      http::IntQuery(context, "count", kDefaultPreviewCount, 1, kMaxPreviewCount);
  if (!count) return count.error();
  core::Result<std::optional<core::Timestamp>> from = http::TimeQuery(context, "from");
  if (!from) return from.error();

  core::Json items = core::Json::array();
  core::Timestamp after = from->value_or(clock.Now());
  if (rule) {
    core::Result<std::vector<PreviewItem>> next = rule_previewer(context, *zone, after, *count);
    if (!next) return next.error();
    for (const PreviewItem& item : *next) {
      items.push_back({{"at", item.at.ToRfc3339()},
                       {"local", zone->FormatLocal(item.at)},
                       {"dst_shifted", item.dst_shifted}});
    }
    return core::Json{{"items", items}};
  }
  core::Result<Schedule> schedule = Schedule::Parse(*text);
  if (!schedule) return schedule.error();
  for (int64_t i = 0; i < *count; ++i) {
    std::optional<Occurrence> next = schedule->NextAfter(after, *zone);
    if (!next) break;
    items.push_back({{"at", next->at.ToRfc3339()},
                     {"local", zone->FormatLocal(next->at)},
                     {"dst_shifted", next->dst_shifted}});
    after = next->at;
  }
  return core::Json{{"items", items}};
}

}  // namespace

void SetRulePreview(RulePreview preview) {
  std::lock_guard lock(rule_preview_mu);
  rule_preview = std::move(preview);
}

void RegisterSchedulerInfoRoutes(http::Router& router, SchedulerApi api) {
  router.Add(http::Method::get, "/v1/schedules/preview",
             [api](RequestContext& context) -> awaitable<Response> {
               core::Result<core::Json> preview = Preview(context, api.clock);
               if (!preview) co_return Response::FromError(preview.error());
               co_return Response::Json(StatusCode::ok, *preview);
             });

  router.Add(http::Method::get, "/v1/tasks", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    co_return Response::Json(StatusCode::ok, api.tasks.ToJson());
  });

  router.Add(http::Method::get, "/v1/scheduler", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    SchedulerStatus status = api.scheduler.Status();
    // A leader heartbeats every refresh interval; three missed ones and it is not counted.
    core::Timestamp cutoff = api.clock.Now() - api.scheduler.refresh_interval() * 3;
    auto leader = co_await store::AsyncReadValue<std::string>(
        api.db, [&](store::Connection& c) { return JobRepository::CurrentLeader(c, cutoff); });
    if (!leader) co_return Response::FromError(leader.error());
    co_return Response::Json(StatusCode::ok,
                             {{"node", status.node},
                              {"role", status.leading ? "leader" : "follower"},
                              {"leader", leader->empty() ? core::Json() : core::Json(*leader)},
                              {"jobs", status.jobs},
                              {"running", status.running}});
  });
}

}  // namespace sessiond::scheduler
