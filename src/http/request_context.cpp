#include "http/request_context.hpp"

#include <cassert>

#include "http/detail/url.hpp"

namespace sessiond::http {

RequestContext::RequestContext(Request request, std::string request_id)
    : request_(std::move(request)), request_id_(std::move(request_id)) {}

std::string_view RequestContext::path() const { return detail::SplitTarget(target()).path; }

std::optional<std::string> RequestContext::Query(std::string_view name) const {
  for (const auto& [key, value] : query_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

core::Result<core::Json> RequestContext::JsonBody() const {
  if (body().empty()) return core::Error::BadRequest("a JSON body is required");
  return core::ParseJson(body());
}

const std::string& RequestContext::Param(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  assert(false && "Param() of a name the route pattern does not declare");
  static const std::string kEmpty;
  return kEmpty;
}

const auth::Principal& RequestContext::principal() const {
  assert(principal_.has_value() && "principal() on a request that was not authenticated");
  return *principal_;
}

}  // namespace sessiond::http
