#pragma once

#include <optional>
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "http/authenticator.hpp"
#include "http/request_context.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace sessiond::http::detail {

// The checks every complete request goes through, in this order (docs/http.md):
//   1. a body whose Content-Type is not JSON            -> 415 unsupported_media_type
//   2. a malformed query or path escape                  -> 400 bad_request
//   3. no pattern matches the path / none for the method -> 404 not_found / 405 + Allow
//   4. an auth-required route without a valid token      -> 401 unauthorized
//   5. the handler; anything it throws                   -> logged 500 internal
// (Size limits come before all of these, in the connection, while the request is read.)
// Immutable after construction; Handle may run on many threads at once.
class Pipeline {
 public:
  // `router` must outlive the pipeline. A null `authenticator` refuses every auth-required
  // route with 401.
  Pipeline(const Router& router, Authenticator authenticator);

  // The response to `ctx`, filling in its query, route, params and principal on the way.
  // Never throws (barring allocation failure while building the 500).
  boost::asio::awaitable<Response> Handle(RequestContext& ctx) const;

 private:
  // Steps 1-4: the refusal, or nullopt with ctx routed (and authenticated if required).
  std::optional<Response> Refusal(RequestContext& ctx) const;
  core::Result<auth::Principal> Authenticate(const RequestContext& ctx) const;

  const Router& router_;
  Authenticator authenticator_;
};

}  // namespace sessiond::http::detail
