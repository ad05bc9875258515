#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "http/types.hpp"

namespace sessiond::http {

struct Route;
namespace detail {
class Pipeline;
}

// Decoded `{name}` values of the matched route pattern, in pattern order.
using PathParams = std::vector<std::pair<std::string, std::string>>;

// One request as a handler sees it: the parsed message, the decoded query and path
// parameters, the caller's Principal and the request id. Created by the connection for one
// request and destroyed after the response is written; handlers get it by reference and
// must not keep it past their co_return. Not thread-safe (one coroutine uses it).
class RequestContext {
 public:
  RequestContext(Request request, std::string request_id);
  RequestContext(const RequestContext&) = delete;
  RequestContext& operator=(const RequestContext&) = delete;

  Method method() const { return request_.method(); }
  // The method as sent, e.g. "GET" (also for methods Beast does not know).
  std::string_view method_string() const { return request_.method_string(); }
  // The request target as sent, e.g. "/v1/jobs?limit=10".
  std::string_view target() const { return request_.target(); }
  // The target before '?', not percent-decoded.
  std::string_view path() const;

  // The first value of query parameter `name`, percent-decoded ('+' is a space);
  // nullopt when absent. "?limit=" gives "".
  std::optional<std::string> Query(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& query_params() const { return query_; }

  // A header field's value; empty when absent.
  std::string_view Header(Field field) const { return request_[field]; }
  std::string_view Header(std::string_view name) const { return request_[name]; }
  const Fields& headers() const { return request_; }

  const std::string& body() const { return request_.body(); }
  // The body parsed as JSON. kBadRequest when the body is empty or malformed (with the
  // byte offset in details.offset).
  core::Result<core::Json> JsonBody() const;

  // The decoded value of path parameter `{name}` of the matched pattern.
  // Requires: the route's pattern declares {name} (asserts; "" in release builds).
  const std::string& Param(std::string_view name) const;
  const PathParams& params() const { return params_; }

  // The authenticated caller. Requires: has_principal(), which holds in every handler of a
  // route that requires authentication (asserts).
  const auth::Principal& principal() const;
  bool has_principal() const { return principal_.has_value(); }

  // The X-Request-Id of this request, sent back in the response and written to the logs.
  const std::string& request_id() const { return request_id_; }
  // The matched route; nullptr before routing or when none matched.
  const Route* route() const { return route_; }
  // The whole Beast message, for what the accessors above do not cover.
  const Request& request() const { return request_; }

 private:
  // The pipeline fills in what it learns on the way to the handler.
  friend class detail::Pipeline;

  Request request_;
  std::string request_id_;
  std::vector<std::pair<std::string, std::string>> query_;
  PathParams params_;
  std::optional<auth::Principal> principal_;
  const Route* route_ = nullptr;
};

}  // namespace sessiond::http
