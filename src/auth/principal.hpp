#pragma once

#include <optional>
#include <string>

#include "core/timestamp.hpp"

namespace sessiond::auth {

// Who is calling, from a verified token's claims (Supabase-compatible).
enum class Role { kAuthenticated, kServiceRole };
enum class UserRole { kNone, kCustomer, kMechanic, kAdmin };

struct Principal {
  std::string subject;            // `sub`: the user id
  Role role = Role::kAuthenticated;
  UserRole user_role = UserRole::kNone;
  core::Timestamp expires_at;     // `exp`

  bool IsService() const { return role == Role::kServiceRole; }
  bool IsAdmin() const { return user_role == UserRole::kAdmin; }
};

std::string RoleName(Role role);          // "authenticated", "service_role"
std::string UserRoleName(UserRole role);  // "", "customer", "mechanic", "admin"
std::optional<Role> ParseRole(std::string_view text);
std::optional<UserRole> ParseUserRole(std::string_view text);

}  // namespace sessiond::auth
