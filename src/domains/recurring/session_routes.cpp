// /v1/sessions: one-off sessions and single occurrences; thin handlers over Service.
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

core::Result<SessionQuery> ReadQuery(const RequestContext& context) {
  SessionQuery q;
  core::Result<int64_t> limit = http::IntQuery(context, "limit", kDefaultLimit, 1, kMaxLimit);
  if (!limit) return limit.error();
  q.limit = int(*limit);
  core::Result<std::optional<core::Timestamp>> from = http::TimeQuery(context, "from");
  if (!from) return from.error();
  q.from = *from;
  core::Result<std::optional<core::Timestamp>> to = http::TimeQuery(context, "to");
  if (!to) return to.error();
  q.to = *to;
  if (std::optional<std::string> status = context.Query("status")) {
    q.status = ParseSessionStatus(*status);
    if (!q.status) {
      return core::Error::Field(core::ErrorCode::kUnprocessable, "status",
                                "status is scheduled, active, closed or cancelled", *status);
    }
  }
  if (std::optional<std::string> id = context.Query("template")) {
    core::Result<core::Uuid> parsed = core::Uuid::Parse(*id);
    if (!parsed) return core::Error::Field(core::ErrorCode::kUnprocessable, "template", "template is a template id", *id);
    q.template_id = *parsed;
  }
  return q;
}

}  // namespace

void RegisterSessionRoutes(http::Router& router, RecurringApi api) {
  router.Add(Method::post, "/v1/sessions", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireServiceOrAdmin(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Json> body = context.JsonBody();
    if (!body) co_return Response::FromError(body.error());
    auto created = co_await detail::WriteAndArm<Session>(
        api, [&](store::Connection& c) { return api.service.CreateSession(c, *body); });
    if (!created) co_return Response::FromError(created.error());
    co_return Response::Json(StatusCode::created, SessionToJson(*created));
  });

  router.Add(Method::get, "/v1/sessions", [api](RequestContext& context) -> awaitable<Response> {
    core::Result<SessionQuery> query = ReadQuery(context);
    if (!query) co_return Response::FromError(query.error());
    auto cursor = http::UuidQuery(context, "cursor");
    if (!cursor) co_return Response::FromError(cursor.error());
    auto list = co_await store::AsyncReadValue<std::vector<Session>>(
        api.db, [&](store::Connection& c) -> core::Result<std::vector<Session>> {
          if (*cursor) {
            core::Result<Session> last = Repository::GetSession(c, **cursor);
            if (!last) {
              return core::Error::Field(core::ErrorCode::kUnprocessable, "cursor",
                                        "cursor is not a cursor this server gave", (*cursor)->ToString());
            }
            query->after = std::make_pair(last->valid_from, last->id);
          }
          return Repository::ListSessions(c, *query);
        });
    if (!list) co_return Response::FromError(list.error());
    core::Json items = core::Json::array();
    for (const Session& s : *list) items.push_back(SessionToJson(s));
    core::Json next = list->size() == size_t(query->limit) ? core::Json(list->back().id.ToString()) : core::Json();
    co_return Response::Json(StatusCode::ok, {{"items", items}, {"next_cursor", next}});
  });

  router.Add(Method::get, "/v1/sessions/{id}", [api](RequestContext& context) -> awaitable<Response> {
    core::Result<core::Uuid> id = detail::PathId(context, "session");
    if (!id) co_return Response::FromError(id.error());
    auto session = co_await store::AsyncReadValue<Session>(
        api.db, [&](store::Connection& c) { return Repository::GetSession(c, *id); });
    if (!session) co_return Response::FromError(session.error());
    co_return Response::Json(StatusCode::ok, SessionToJson(*session));
  });

  router.Add(Method::patch, "/v1/sessions/{id}", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireServiceOrAdmin(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Uuid> id = detail::PathId(context, "session");
    if (!id) co_return Response::FromError(id.error());
    core::Result<core::Json> body = context.JsonBody();
    if (!body) co_return Response::FromError(body.error());
    auto session = co_await detail::WriteAndArm<Session>(
        api, [&](store::Connection& c) { return api.service.PatchSession(c, *id, *body); });
    if (!session) co_return Response::FromError(session.error());
    co_return Response::Json(StatusCode::ok, SessionToJson(*session));
  });

  router.Add(Method::post, "/v1/sessions/{id}/cancel", [api](RequestContext& context) -> awaitable<Response> {
    if (auto denied = auth::RequireServiceOrAdmin(context.principal()); !denied) {
      co_return Response::FromError(denied.error());
    }
    core::Result<core::Uuid> id = detail::PathId(context, "session");
    if (!id) co_return Response::FromError(id.error());
    auto session = co_await detail::WriteAndArm<Session>(
        api, [&](store::Connection& c) { return api.service.CancelSession(c, *id); });
    if (!session) co_return Response::FromError(session.error());
    co_return Response::Json(StatusCode::ok, SessionToJson(*session));
  });
}

}  // namespace sessiond::recurring
