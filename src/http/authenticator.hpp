#pragma once

#include <functional>
#include <string_view>

#include "auth/principal.hpp"
#include "core/result.hpp"

namespace sessiond::http {

// Turns an Authorization header value (empty when absent) into the caller, or kUnauthorized.
// main passes JwtVerifier::VerifyAuthorizationHeader; tests pass a fake. Called on I/O
// threads, possibly concurrently: must be thread-safe and must not block.
using Authenticator =
    std::function<core::Result<auth::Principal>(std::string_view authorization_header)>;

}  // namespace sessiond::http
