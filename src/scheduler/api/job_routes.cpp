// /v1/jobs: thin handlers over JobService (the rules) and the Scheduler (runs now).
#include "auth/policy.hpp"
#include "http/query_params.hpp"
#include "scheduler/api/scheduler_routes.hpp"
#include "store/async.hpp"

namespace sessiond::scheduler {
namespace {

using boost::asio::awaitable;
using http::Method;
using http::RequestContext;
using http::Response;
using http::StatusCode;

core::Json ViewToJson(const JobView& view) { return JobToJson(view.job, view.last_run); }

// Creating, changing and deleting a job: the change commits, then the loop re-reads.
awaitable<Response> ChangeJob(SchedulerApi api, StatusCode success,
                              std::function<core::Result<Job>(store::Connection&)> change) {
  core::Result<Job> job = co_await store::AsyncWriteValue<Job>(api.db, change);
  if (!job) co_return Response::FromError(job.error());
  api.scheduler.Reload();
  co_return Response::Json(success, JobToJson(*job, std::nullopt));
}

}  // namespace

void RegisterJobRoutes(http::Router& router, SchedulerApi api) {
  router.Add(Method::get, "/v1/jobs", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    auto views = co_await store::AsyncReadValue<std::vector<JobView>>(
        api.db, [&](store::Connection& c) { return api.jobs.List(c); });
    if (!views) co_return Response::FromError(views.error());
    core::Json items = core::Json::array();
    for (const JobView& view : *views) items.push_back(ViewToJson(view));
    co_return Response::Json(StatusCode::ok, {{"items", items}, {"next_cursor", nullptr}});
  });

  router.Add(Method::post, "/v1/jobs", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Json> body = context.JsonBody();
    if (!body) co_return Response::FromError(body.error());
    co_return co_await ChangeJob(api, StatusCode::created,
                                 [&](store::Connection& c) { return api.jobs.Create(c, *body); });
  });

  router.Add(Method::get, "/v1/jobs/{name}", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    const std::string& name = context.Param("name");
    auto view = co_await store::AsyncReadValue<JobView>(
        api.db, [&](store::Connection& c) { return api.jobs.Get(c, name); });
    if (!view) co_return Response::FromError(view.error());
    co_return Response::Json(StatusCode::ok, ViewToJson(*view));
  });

  router.Add(Method::patch, "/v1/jobs/{name}", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Json> body = context.JsonBody();
    if (!body) co_return Response::FromError(body.error());
    const std::string& name = context.Param("name");
    co_return co_await ChangeJob(api, StatusCode::ok, [&](store::Connection& c) {
      return api.jobs.Update(c, name, *body);
    });
  });

  router.Add(Method::delete_, "/v1/jobs/{name}", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    const std::string& name = context.Param("name");
    core::Result<void> deleted = co_await store::AsyncWrite(
        api.db, [&](store::Connection& c) { return api.jobs.Delete(c, name); });
    if (!deleted) co_return Response::FromError(deleted.error());
    api.scheduler.Reload();
    co_return Response::NoContent();
  });

  for (bool active : {false, true}) {
    router.Add(Method::post, active ? "/v1/jobs/{name}/resume" : "/v1/jobs/{name}/pause",
               [api, active](RequestContext& context) -> awaitable<Response> {
                 if (auto denied = auth::RequireService(context.principal()); !denied) {
                   co_return Response::FromError(denied.error());
                 }
                 const std::string& name = context.Param("name");
                 co_return co_await ChangeJob(api, StatusCode::ok,
                                              [&](store::Connection& c) {
                                                return api.jobs.SetActive(c, name, active);
                                              });
               });
  }

  router.Add(Method::post, "/v1/jobs/{name}/run", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireService(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    const std::string& name = context.Param("name");
    auto view = co_await store::AsyncReadValue<JobView>(
        api.db, [&](store::Connection& c) { return api.jobs.Get(c, name); });
    if (!view) co_return Response::FromError(view.error());
    Run run = api.scheduler.RunNow(view->job);
    co_return Response::Json(StatusCode::accepted, {{"run", RunToJson(run)}});
  });

  router.Add(Method::post, "/v1/jobs/{name}/backfill",
             [api](RequestContext& context) -> awaitable<Response> {
               if (auto denied = auth::RequireService(context.principal()); !denied) {
                 co_return Response::FromError(denied.error());
               }
               core::Result<core::Json> body = context.JsonBody();
               if (!body) co_return Response::FromError(body.error());
               core::ObjectReader in(*body);
               std::optional<std::string> from_text = in.RequiredString("from");
               std::optional<std::string> to_text = in.RequiredString("to");
               std::optional<core::Timestamp> from, to;
               if (from_text) from = in.OptionalTimestamp("from");
               if (to_text) to = in.OptionalTimestamp("to");
               if (auto error = in.Finish()) co_return Response::FromError(*error);
               const std::string& name = context.Param("name");
               struct Plan {
                 Job job;
                 std::vector<Occurrence> occurrences;
               };
               auto plan = co_await store::AsyncReadValue<Plan>(
                   api.db, [&](store::Connection& c) -> core::Result<Plan> {
                     core::Result<JobView> view = api.jobs.Get(c, name);
                     if (!view) return view.error();
                     auto occurrences =
                         api.jobs.PlanBackfill(c, name, *from, *to, Scheduler::kBackfillLimit);
                     if (!occurrences) return occurrences.error();
                     return Plan{view->job, *occurrences};
                   });
               if (!plan) co_return Response::FromError(plan.error());
               api.scheduler.QueueBackfill(plan->job, plan->occurrences);
               core::Json queued = core::Json::array();
               for (const Occurrence& o : plan->occurrences) queued.push_back(o.at.ToRfc3339());
               co_return Response::Json(StatusCode::accepted,
                                        {{"job", name},
                                         {"queued", plan->occurrences.size()},
                                         {"occurrences", queued}});
             });
}

}  // namespace sessiond::scheduler
