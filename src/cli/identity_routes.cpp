#include "cli/identity_routes.hpp"

namespace sessiond::cli {

void RegisterIdentityRoutes(http::Router& router) {
  router.Add(http::Method::get, "/v1/me",
             [](http::RequestContext& context) -> boost::asio::awaitable<http::Response> {
               const auth::Principal& principal = context.principal();
               core::Json user_role = nullptr;
               if (principal.user_role != auth::UserRole::kNone) {
                 user_role = auth::UserRoleName(principal.user_role);
               }
               co_return http::Response::Json(http::StatusCode::ok, {{"sub", principal.subject},
                                                    {"role", auth::RoleName(principal.role)},
                                                    {"user_role", user_role},
                                                    {"expires_at", principal.expires_at.ToRfc3339()}});
             });
}

}  // namespace sessiond::cli
