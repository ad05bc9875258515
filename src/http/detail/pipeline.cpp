#include "http/detail/pipeline.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "http/detail/media_type.hpp"
#include "http/detail/url.hpp"
#include "http/error_mapping.hpp"

namespace sessiond::http::detail {

Pipeline::Pipeline(const Router& router, Authenticator authenticator)
    : router_(router), authenticator_(std::move(authenticator)) {}

std::optional<Response> Pipeline::Refusal(RequestContext& ctx) const {
  std::string_view path = ctx.path();
  // Matched first, so that even a 415 is counted under its route, but answered after the
  // content checks: clients see the documented order.
  core::Result<RouteMatch> match = router_.Match(ctx.method(), path);
  if (match) ctx.route_ = match->route;

  // A body-less request needs no Content-Type; any body must be JSON.
  if (!ctx.body().empty() && !IsJsonMediaType(ctx.Header(Field::content_type))) {
    core::Error error{core::ErrorCode::kUnsupportedMediaType, "the body must be application/json"};
    error.details["content_type"] = std::string(ctx.Header(Field::content_type));
    return ErrorResponse(error);
  }
  core::Result<QueryParams> query = ParseQuery(SplitTarget(ctx.target()).query);
  if (!query) return ErrorResponse(query.error());
  ctx.query_ = std::move(*query);
  if (!match) return ErrorResponse(match.error());
  ctx.params_ = std::move(match->params);

  if (ctx.route_->requires_auth) {
    core::Result<auth::Principal> principal = Authenticate(ctx);
    if (!principal) return ErrorResponse(principal.error());
    ctx.principal_ = std::move(*principal);
  }
  return std::nullopt;
}

core::Result<auth::Principal> Pipeline::Authenticate(const RequestContext& ctx) const {
  if (!authenticator_) return core::Error::Unauthorized("authentication is not configured");
  std::string_view header = ctx.Header(Field::authorization);
  if (header.empty() && ctx.route_->token_in_query) {
    if (std::optional<std::string> token = ctx.Query("access_token")) {
      return authenticator_("Bearer " + *token);
    }
  }
  return authenticator_(header);
}

boost::asio::awaitable<Response> Pipeline::Handle(RequestContext& ctx) const {
  // The net (STYLE.md, section 3): whatever escapes becomes a 500 and the connection goes on.
  std::string what;
  try {
    std::optional<Response> refusal = Refusal(ctx);
    if (refusal) co_return std::move(*refusal);
    co_return co_await ctx.route_->handler(ctx);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception that is not a std::exception";
  }
  const char* route = ctx.route_ ? ctx.route_->pattern.c_str() : "-";
  spdlog::error("handler of {} {} (route {}, request {}) threw: {}", ctx.method_string(),
                ctx.target(), route, ctx.request_id(), what);
  co_return ErrorResponse(
      core::Error::Internal("internal error; see the server log for request " + ctx.request_id()));
}

}  // namespace sessiond::http::detail
