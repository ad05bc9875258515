// Run history: /v1/jobs/{name}/runs and /v1/runs, newest first, cursor pagination.
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

constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxLimit = 1000;

// The filters of both history endpoints: status, limit, cursor (and job for /v1/runs).
core::Result<RunQuery> ReadRunQuery(const RequestContext& context) {
  RunQuery query;
  core::Result<int64_t> limit = http::IntQuery(context, "limit", kDefaultLimit, 1, kMaxLimit);
  if (!limit) return limit.error();
  query.limit = int(*limit);
  core::Result<std::optional<core::Uuid>> cursor = http::UuidQuery(context, "cursor");
  if (!cursor) return cursor.error();
  query.before = *cursor;
  if (std::optional<std::string> status = context.Query("status")) {
    query.status = ParseRunStatus(*status);
    if (!query.status) {
      return core::Error::Field(core::ErrorCode::kUnprocessable, "status",
                                "status must be running, succeeded, failed, timed_out, skipped "
                                "or abandoned",
                                *status);
    }
  }
  return query;
}

core::Json PageToJson(const RunPage& page) {
  core::Json items = core::Json::array();
  for (const Run& run : page.items) items.push_back(RunToJson(run));
  return {{"items", items},
          {"next_cursor", page.next_cursor ? core::Json(page.next_cursor->ToString()) : core::Json()}};
}

awaitable<Response> ListRuns(SchedulerApi api, RequestContext& context,
                             std::optional<std::string> job, bool job_must_exist) {
  if (auto denied = auth::RequireService(context.principal()); !denied) {
    co_return Response::FromError(denied.error());
  }
  core::Result<RunQuery> query = ReadRunQuery(context);
  if (!query) co_return Response::FromError(query.error());
  query->job = job;
  auto page = co_await store::AsyncReadValue<RunPage>(
      api.db, [&](store::Connection& c) -> core::Result<RunPage> {
        if (job_must_exist) {
          core::Result<std::optional<Job>> found = JobRepository::FindJob(c, *job);
          if (!found) return found.error();
          if (!*found) return core::Error::NotFound("no job named '" + *job + "'");
        }
        return JobRepository::ListRuns(c, *query);
      });
  if (!page) co_return Response::FromError(page.error());
  co_return Response::Json(StatusCode::ok, PageToJson(*page));
}

}  // namespace

void RegisterRunRoutes(http::Router& router, SchedulerApi api) {
  router.Add(http::Method::get, "/v1/jobs/{name}/runs",
             [api](RequestContext& context) -> awaitable<Response> {
               co_return co_await ListRuns(api, context, context.Param("name"), true);
             });
  router.Add(http::Method::get, "/v1/runs", [api](RequestContext& context) -> awaitable<Response> {
    co_return co_await ListRuns(api, context, context.Query("job"), false);
  });
}

}  // namespace sessiond::scheduler
