#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/result.hpp"
#include "http/request_context.hpp"
#include "http/response.hpp"
#include "http/types.hpp"

namespace sessiond::http {

// A request handler: a coroutine on the connection's executor. It must not block (await the
// store instead) and returns errors as responses (Response::FromError); anything it throws
// becomes a logged 500. The std::function lives in the Router for the server's lifetime, so
// a lambda's captures stay valid across its co_awaits.
using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

// Who may call a route.
enum class Access {
  kDefault,        // kPublic for /healthz, /readyz and /metrics; kAuthenticated for all else
  kAuthenticated,  // a valid bearer token is required; 401 otherwise
  kPublic,         // no token needed
  // As kAuthenticated, and the token may also come as the `access_token` query parameter,
  // for clients that cannot set headers (a browser's EventSource). Only for GET streams:
  // a token in a URL can end up in logs, so nothing that changes state takes it.
  kAuthenticatedOrQueryToken,
};

// Written `{Access::kPublic}` or `{Access::kDefault, "label"}`. (A constructor rather than an
// aggregate: GCC 12 warns on designated initializers that leave a member out.)
struct RouteOptions {
  RouteOptions(Access access = Access::kDefault, std::string metrics_label = {})  // NOLINT
      : access(access), metrics_label(std::move(metrics_label)) {}

  Access access;
  std::string metrics_label;  // the `route` label of request metrics; empty = the pattern
};

// One registered (method, pattern) pair, immutable once added.
struct Route {
  Method method;
  std::string pattern;  // as registered, e.g. "/v1/jobs/{name}/runs"
  Handler handler;
  bool requires_auth;         // Access resolved
  bool token_in_query;        // kAuthenticatedOrQueryToken
  std::string metrics_label;  // resolved: never empty
  size_t index;               // registration order, 0-based; dense, for per-route tables
};

struct RouteMatch {
  const Route* route;
  PathParams params;  // decoded values of the pattern's {names}
};

// Maps (method, path) to a route. Patterns are '/'-separated segments, each either literal
// or a parameter `{name}` that matches one non-empty segment ("/v1/jobs/{name}/runs").
// Paths match exactly: no trailing-slash or case folding. When several patterns match, the
// one whose first differing segment is literal wins ("/v1/jobs/active" over
// "/v1/jobs/{name}"), among those that have the method. HEAD is served by the GET route
// unless one is registered for HEAD itself.
// Built at start-up, then read concurrently by every connection: Add is not thread-safe,
// Match is (const, no mutation).
class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers `handler` for `method` on `pattern`.
  // Throws std::invalid_argument (a start-up bug, not input) when the pattern is malformed
  // (not starting with '/', braces inside a segment, a repeated or invalid parameter name),
  // when `method` is unknown, or when the same method is already registered on a pattern of
  // the same shape ("/a/{x}" and "/a/{y}" are one shape).
  void Add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});

  // The route for `method` on `path` (the target before '?', still percent-encoded), with its
  // decoded parameters; for HEAD, maybe the GET route.
  // Errors: kBadRequest when a path segment has a malformed %-escape; kNotFound when no
  // pattern matches the path; kMethodNotAllowed when some do but none for `method`
  // (details.allow lists the methods that are, sorted, e.g. ["GET", "HEAD", "POST"]).
  core::Result<RouteMatch> Match(Method method, std::string_view path) const;

  // Every route in registration order; Route::index is the position.
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Shape;

  const Shape* FindLiteral(std::string_view path) const;
  core::Result<RouteMatch> MatchBySegments(Method method, std::string_view path) const;

  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<std::unique_ptr<Shape>> shapes_;
  // Patterns without parameters by their text: the common case needs one lookup.
  std::unordered_map<std::string, const Shape*> literal_shapes_;
};

}  // namespace sessiond::http
