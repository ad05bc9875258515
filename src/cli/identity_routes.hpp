#pragma once

#include "http/router.hpp"

namespace sessiond::cli {

// GET /v1/me: the caller's principal, proving the token path end to end.
void RegisterIdentityRoutes(http::Router& router);

}  // namespace sessiond::cli
