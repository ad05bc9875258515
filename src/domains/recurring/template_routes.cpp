// /v1/templates: thin handlers over Service (the rules).
#include "auth/policy.hpp"
#include "domains/recurring/route_helpers.hpp"

namespace sessiond::recurring {
namespace {

using boost::asio::awaitable;
using http::Method;
using http::RequestContext;
using http::Response;
using http::StatusCode;

constexpr int64_t kDefaultLimit = 100;
constexpr int64_t kMaxLimit = 1000;

core::Json GeneratedToJson(const core::Uuid& id, const Generated& g) {
  return {{"template_id", id.ToString()}, {"created", g.created}, {"from", g.from.ToString()},
          {"to", g.to.ToString()}};
}

}  // namespace

void RegisterTemplateRoutes(http::Router& router, RecurringApi api) {
  router.Add(Method::post, "/v1/templates", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireServiceOrAdmin(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Json> body = context.JsonBody();
    if (!body) co_return Response::FromError(body.error());
    auto created = co_await detail::WriteAndArm<SessionTemplate>(
        api, [&](store::Connection& c) { return api.service.CreateTemplate(c, *body); });
    if (!created) co_return Response::FromError(created.error());
    co_return Response::Json(StatusCode::created, TemplateToJson(*created, std::nullopt));
  });

  router.Add(Method::get, "/v1/templates", [api](RequestContext& context) -> awaitable<Response> {
    core::Result<int64_t> limit = http::IntQuery(context, "limit", kDefaultLimit, 1, kMaxLimit);
    if (!limit) co_return Response::FromError(limit.error());
    auto cursor = http::UuidQuery(context, "cursor");
    if (!cursor) co_return Response::FromError(cursor.error());
    auto list = co_await store::AsyncReadValue<std::vector<SessionTemplate>>(
        api.db, [&](store::Connection& c) { return Repository::ListTemplates(c, int(*limit), *cursor); });
    if (!list) co_return Response::FromError(list.error());
    core::Json items = core::Json::array();
    for (const SessionTemplate& t : *list) items.push_back(TemplateToJson(t, std::nullopt));
    core::Json next = list->size() == size_t(*limit) ? core::Json(list->back().id.ToString()) : core::Json();
    co_return Response::Json(StatusCode::ok, {{"items", items}, {"next_cursor", next}});
  });

  router.Add(Method::get, "/v1/templates/{id}", [api](RequestContext& context) -> awaitable<Response> {
    core::Result<core::Uuid> id = detail::PathId(context, "template");
    if (!id) co_return Response::FromError(id.error());
    auto view = co_await store::AsyncReadValue<core::Json>(api.db, [&](store::Connection& c) -> core::Result<core::Json> {
      core::Result<SessionTemplate> t = Repository::GetTemplate(c, *id);
      if (!t) return t.error();
      core::Result<TemplateStats> stats = Repository::Stats(c, *id);
      if (!stats) return stats.error();
      return TemplateToJson(*t, *stats);
    });
    if (!view) co_return Response::FromError(view.error());
    co_return Response::Json(StatusCode::ok, *view);
  });

  router.Add(Method::patch, "/v1/templates/{id}", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireServiceOrAdmin(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Uuid> id = detail::PathId(context, "template");
    if (!id) co_return Response::FromError(id.error());
    core::Result<core::Json> body = context.JsonBody();
    if (!body) co_return Response::FromError(body.error());
    auto updated = co_await detail::WriteAndArm<SessionTemplate>(
        api, [&](store::Connection& c) { return api.service.UpdateTemplate(c, *id, *body); });
    if (!updated) co_return Response::FromError(updated.error());
    co_return Response::Json(StatusCode::ok, TemplateToJson(*updated, std::nullopt));
  });

  router.Add(Method::delete_, "/v1/templates/{id}", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireServiceOrAdmin(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Uuid> id = detail::PathId(context, "template");
    if (!id) co_return Response::FromError(id.error());
    auto deleted = co_await detail::WriteAndArm<bool>(api, [&](store::Connection& c) -> core::Result<bool> {
      core::Result<void> done = api.service.DeleteTemplate(c, *id);
      if (!done) return done.error();
      return true;
    });
    if (!deleted) co_return Response::FromError(deleted.error());
    co_return Response::NoContent();
  });

  router.Add(Method::post, "/v1/templates/{id}/generate", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireServiceOrAdmin(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Uuid> id = detail::PathId(context, "template");
    if (!id) co_return Response::FromError(id.error());
    int days = kDefaultDaysAhead;
    if (!context.body().empty()) {
      core::Result<core::Json> body = context.JsonBody();
      if (!body) co_return Response::FromError(body.error());
      if (!body->is_object()) co_return Response::FromError(core::Error::BadRequest("the body must be a JSON object"));
      core::ObjectReader in(*body);
      std::optional<int64_t> n = in.OptionalInt("days_ahead", 1, kMaxDaysAhead);
      if (auto error = in.Finish()) co_return Response::FromError(*error);
      days = int(n.value_or(kDefaultDaysAhead));
    }
    auto generated = co_await detail::WriteAndArm<Generated>(
        api, [&](store::Connection& c) { return api.service.Generate(c, *id, days, "api"); });
    if (!generated) co_return Response::FromError(generated.error());
    co_return Response::Json(StatusCode::ok, GeneratedToJson(*id, *generated));
  });

  router.Add(Method::get, "/v1/templates/{id}/log", [api](RequestContext& context) -> awaitable<Response> {
    core::Result<core::Uuid> id = detail::PathId(context, "template");
    if (!id) co_return Response::FromError(id.error());
    core::Result<int64_t> limit = http::IntQuery(context, "limit", kDefaultLimit, 1, kMaxLimit);
    if (!limit) co_return Response::FromError(limit.error());
    auto cursor = http::UuidQuery(context, "cursor");
    if (!cursor) co_return Response::FromError(cursor.error());
    auto log = co_await store::AsyncReadValue<std::vector<LogEntry>>(
        api.db, [&](store::Connection& c) -> core::Result<std::vector<LogEntry>> {
          core::Result<SessionTemplate> t = Repository::GetTemplate(c, *id);
          if (!t) return t.error();
          return Repository::ListLog(c, *id, int(*limit), *cursor);
        });
    if (!log) co_return Response::FromError(log.error());
    core::Json items = core::Json::array();
    for (const LogEntry& e : *log) {
      items.push_back({{"id", e.id.ToString()},
                       {"template_id", e.template_id.ToString()},
                       {"session_id", e.session_id ? core::Json(e.session_id->ToString()) : core::Json()},
                       {"scheduled_date", e.scheduled_date.ToString()},
                       {"valid_from", e.valid_from.ToRfc3339()},
                       {"trigger", e.trigger},
                       {"created_at", e.created_at.ToRfc3339()}});
    }
    core::Json next = log->size() == size_t(*limit) ? core::Json(log->back().id.ToString()) : core::Json();
    co_return Response::Json(StatusCode::ok, {{"items", items}, {"next_cursor", next}});
  });
}

}  // namespace sessiond::recurring
