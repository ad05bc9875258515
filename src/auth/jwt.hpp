#pragma once

#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"

namespace sessiond::auth {

// Verifies HS256 JSON Web Tokens and turns their claims into a Principal. Only HS256 is
// accepted: `alg: none` and every other algorithm are refused, whatever the signature.
// Thread-safe; immutable after construction.
class JwtVerifier {
 public:
  // `clock` must outlive the verifier.
  JwtVerifier(std::string secret, const core::AuthConfig& config, const core::Clock& clock);

  // The principal of a compact JWS ("header.payload.signature").
  // Errors (all kUnauthorized, with a message saying which check failed): malformed token,
  // unsupported alg, bad signature, expired (exp + leeway <= now), not yet valid
  // (nbf - leeway > now), wrong audience, missing or unknown role, missing sub.
  core::Result<Principal> Verify(std::string_view token) const;

  // The principal from an `Authorization` header value ("Bearer <token>").
  // Errors: kUnauthorized when it is empty, not Bearer, or the token does not verify.
  core::Result<Principal> VerifyAuthorizationHeader(std::string_view header) const;

 private:
  std::string secret_;
  std::string audience_;
  core::Duration leeway_;
  const core::Clock& clock_;
};

// Claims for a new token, as `sessiond token` takes them.
struct TokenRequest {
  std::string subject;
  Role role = Role::kAuthenticated;
  UserRole user_role = UserRole::kNone;
  core::Duration ttl = core::Duration::Hours(1);
  std::string audience;  // omitted from the token when empty
};

// Mints an HS256 token signed with `secret`, issued at `now`.
std::string MintToken(const TokenRequest& request, std::string_view secret, core::Timestamp now);

}  // namespace sessiond::auth
