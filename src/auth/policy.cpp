#include "auth/policy.hpp"

namespace sessiond::auth {

core::Result<void> RequireService(const Principal& principal) {
  if (principal.IsService()) return core::Ok();
  return core::Error::Forbidden("this endpoint needs a service_role token");
}

core::Result<void> RequireServiceOrAdmin(const Principal& principal) {
  if (principal.IsService() || principal.IsAdmin()) return core::Ok();
  return core::Error::Forbidden("this endpoint needs a service_role token or user_role admin");
}

}  // namespace sessiond::auth
