#include "auth/principal.hpp"

namespace sessiond::auth {

std::string RoleName(Role role) {
  return role == Role::kServiceRole ? "service_role" : "authenticated";
}

std::string UserRoleName(UserRole role) {
  switch (role) {
    case UserRole::kNone: return "";
    case UserRole::kCustomer: return "customer";
    case UserRole::kMechanic: return "mechanic";
    case UserRole::kAdmin: return "admin";
  }
  return "";
}

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "authenticated") return Role::kAuthenticated;
  if (text == "service_role") return Role::kServiceRole;
  return std::nullopt;
}

std::optional<UserRole> ParseUserRole(std::string_view text) {
  if (text == "customer") return UserRole::kCustomer;
  if (text == "mechanic") return UserRole::kMechanic;
  if (text == "admin") return UserRole::kAdmin;
  return std::nullopt;
}

}  // namespace sessiond::auth
