#pragma once

#include "auth/principal.hpp"
#include "core/result.hpp"

namespace sessiond::auth {

// Ok for the service role; kForbidden for everyone else. The rule of operator endpoints
// (jobs, runs, the scheduler).
core::Result<void> RequireService(const Principal& principal);

// Ok for the service role or a user whose user_role is admin; kForbidden otherwise.
core::Result<void> RequireServiceOrAdmin(const Principal& principal);

}  // namespace sessiond::auth
