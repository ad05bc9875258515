#pragma once

#include "core/clock.hpp"
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

// /v1/jobs..., /v1/runs, /v1/tasks, /v1/scheduler: service role only (403 otherwise).
// docs/api.md documents each.
void RegisterJobRoutes(http::Router& router, SchedulerApi api);
void RegisterRunRoutes(http::Router& router, SchedulerApi api);
// /v1/tasks and /v1/scheduler (service role) and /v1/schedules/preview (any signed-in user).
void RegisterSchedulerInfoRoutes(http::Router& router, SchedulerApi api);

}  // namespace sessiond::scheduler
