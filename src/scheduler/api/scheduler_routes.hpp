#pragma once

#include <functional>
#include <vector>

#include "core/clock.hpp"
#include "core/time_zone.hpp"
#include "http/router.hpp"
#include "scheduler/job_service.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/task_registry.hpp"
#include "store/database.hpp"

namespace sessiond::scheduler {

// What the scheduler's routes use; every reference outlives the router.
struct SchedulerApi {
  store::Database& db;
  Scheduler& scheduler;
  const JobService& jobs;
  const TaskRegistry& tasks;
  const core::Clock& clock;
};

// One occurrence a preview lists.
struct PreviewItem {
  core::Timestamp at;
  bool dst_shifted = false;
};
// Previews a rule language a family owns (the recurring family: RFC 5545 RRULE) at
// GET /v1/schedules/preview?rule=...: the first `count` occurrences strictly after `after` in
// `zone`, reading its other query parameters from the request. Errors name the parameter.
using RulePreview = std::function<core::Result<std::vector<PreviewItem>>(
    const http::RequestContext&, const core::TimeZone& zone, core::Timestamp after, int64_t count)>;
// Installs the rule previewer. Called at start-up, before the server listens; the scheduler
// cannot depend on a family, so the family hands its previewer down.
void SetRulePreview(RulePreview preview);

// /v1/jobs..., /v1/runs, /v1/tasks, /v1/scheduler: service role only (403 otherwise).
// docs/api.md documents each.
void RegisterJobRoutes(http::Router& router, SchedulerApi api);
void RegisterRunRoutes(http::Router& router, SchedulerApi api);
// /v1/tasks and /v1/scheduler (service role) and /v1/schedules/preview (any signed-in user).
void RegisterSchedulerInfoRoutes(http::Router& router, SchedulerApi api);

}  // namespace sessiond::scheduler
