#include "domains/checkins/checkin_routes.hpp"

#include <cmath>

#include "auth/policy.hpp"
#include "domains/checkins/checkin_repository.hpp"
#include "domains/checkins/checkin_service.hpp"
#include "domains/checkins/expiry_deadlines.hpp"
#include "http/query_params.hpp"
#include "store/async.hpp"

namespace sessiond::checkins {
namespace {

using boost::asio::awaitable;
using http::RequestContext;
using http::Response;
using http::StatusCode;

constexpr int64_t kDefaultLimit = 100;
constexpr int64_t kMaxLimit = 10'000;
// A concurrent first check-in of the same user loses the race on the one-active index; the
// retry then finds the winner's check-in and extends it.
constexpr int kCheckinAttempts = 3;

core::Result<core::Uuid> IdParam(const RequestContext& context) {
  core::Result<core::Uuid> id = core::Uuid::Parse(context.Param("id"));
  if (!id) return core::Error::NotFound("no check-in " + context.Param("id"));
  return id;
}

awaitable<Response> PostCheckin(CheckinApi api, RequestContext& context) {
  core::Json body = nullptr;
  if (!context.body().empty()) {
    core::Result<core::Json> parsed = context.JsonBody();
    if (!parsed) co_return Response::FromError(parsed.error());
    body = std::move(*parsed);
  }
  core::Result<CheckinRequest> request = ReadCheckinRequest(body, api.max_ttl);
  if (!request) co_return Response::FromError(request.error());
  const std::string& user = context.principal().subject;
  if (user.empty()) {
    co_return Response::FromError(
        core::Error::Forbidden("checking in needs a token naming a user (sub)"));
  }
  core::Result<CheckinOutcome> outcome = core::Error::Internal("no attempt was made");
  for (int attempt = 0; attempt < kCheckinAttempts; ++attempt) {
    outcome = co_await store::AsyncWriteValue<CheckinOutcome>(
        api.db, [&](store::Connection& c) { return api.service.CheckIn(c, user, *request); });
    if (outcome || outcome.error().code != core::ErrorCode::kConflict) break;
  }
  if (!outcome) co_return Response::FromError(outcome.error());
  api.deadlines.ExpiresAt(outcome->checkin.expires_at);
  co_return Response::Json(outcome->created ? StatusCode::created : StatusCode::ok,
                           CheckinToJson(outcome->checkin, api.service.clock().Now()));
}

awaitable<Response> PostCheckout(CheckinApi api, RequestContext& context) {
  core::Result<core::Uuid> id = IdParam(context);
  if (!id) co_return Response::FromError(id.error());
  core::Result<Checkin> checkin = co_await store::AsyncWriteValue<Checkin>(
      api.db, [&](store::Connection& c) { return api.service.CheckOut(c, *id, context.principal()); });
  if (!checkin) co_return Response::FromError(checkin.error());
  co_return Response::Json(StatusCode::ok, CheckinToJson(*checkin, api.service.clock().Now()));
}

awaitable<Response> GetCheckin(CheckinApi api, RequestContext& context) {
  core::Result<core::Uuid> id = IdParam(context);
  if (!id) co_return Response::FromError(id.error());
  core::Result<Checkin> checkin = co_await store::AsyncReadValue<Checkin>(
      api.db, [&](store::Connection& c) { return api.service.Get(c, *id, context.principal()); });
  if (!checkin) co_return Response::FromError(checkin.error());
  co_return Response::Json(StatusCode::ok, CheckinToJson(*checkin, api.service.clock().Now()));
}

awaitable<Response> GetActive(CheckinApi api, RequestContext& context) {
  core::Result<int64_t> limit = http::IntQuery(context, "limit", kDefaultLimit, 1, kMaxLimit);
  if (!limit) co_return Response::FromError(limit.error());
  core::Result<std::optional<core::Uuid>> cursor = http::UuidQuery(context, "cursor");
  if (!cursor) co_return Response::FromError(cursor.error());
  const auth::Principal& principal = context.principal();
  std::optional<std::string> only;
  if (!principal.IsService()) only = principal.subject;
  core::Timestamp now = api.service.clock().Now();
  // One more than asked tells whether a next page exists.
  core::Result<std::vector<Checkin>> page = co_await store::AsyncReadValue<std::vector<Checkin>>(
      api.db, [&](store::Connection& c) {
        return CheckinRepository::ListActive(c, now, only, *cursor, int(*limit) + 1);
      });
  if (!page) co_return Response::FromError(page.error());
  bool more = page->size() > size_t(*limit);
  if (more) page->pop_back();
  // Written straight to text: a page may hold 10,000 check-ins.
  std::string body;
  body.reserve(page->size() * 300 + 64);
  core::JsonWriter out(body);
  out.BeginObject();
  out.Key("items");
  out.BeginArray();
  for (const Checkin& checkin : *page) WriteCheckinJson(out, checkin, now);
  out.EndArray();
  out.Key("next_cursor");
  if (more) {
    out.String(page->back().id.ToString());
  } else {
    out.Null();
  }
  out.EndObject();
  co_return Response::Text(StatusCode::ok, std::move(body), "application/json");
}

awaitable<Response> GetStats(CheckinApi api, RequestContext& context) {
  if (auto denied = auth::RequireService(context.principal()); !denied) {
    co_return Response::FromError(denied.error());
  }
  core::Timestamp now = api.service.clock().Now();
  core::Result<CheckinStats> stats = co_await store::AsyncReadValue<CheckinStats>(
      api.db, [&](store::Connection& c) { return CheckinRepository::Stats(c, now); });
  if (!stats) co_return Response::FromError(stats.error());
  core::Json avg = stats->avg_duration_minutes_7d
                       ? core::Json(std::round(*stats->avg_duration_minutes_7d * 100) / 100)
                       : core::Json(nullptr);
  co_return Response::Json(StatusCode::ok,
                           {{"active", stats->active},
                            {"expired_but_marked_active", stats->expired_but_marked_active},
                            {"manually_checked_out", stats->manually_checked_out},
                            {"total", stats->total},
                            {"avg_duration_minutes_7d", avg}});
}

}  // namespace

void RegisterCheckinRoutes(http::Router& router, CheckinApi api) {
  router.Add(http::Method::post, "/v1/checkins",
             [api](RequestContext& c) { return PostCheckin(api, c); });
  // The router prefers literal segments: "active" and "stats" never reach {id}.
  router.Add(http::Method::get, "/v1/checkins/active",
             [api](RequestContext& c) { return GetActive(api, c); });
  router.Add(http::Method::get, "/v1/checkins/stats",
             [api](RequestContext& c) { return GetStats(api, c); });
  router.Add(http::Method::get, "/v1/checkins/{id}",
             [api](RequestContext& c) { return GetCheckin(api, c); });
  router.Add(http::Method::post, "/v1/checkins/{id}/checkout",
             [api](RequestContext& c) { return PostCheckout(api, c); });
}

}  // namespace sessiond::checkins
