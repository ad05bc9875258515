#include "auth/jwt.hpp"

#include <algorithm>
#include <cctype>

#include "auth/detail/base64url.hpp"
#include "core/json.hpp"

namespace sessiond::auth {
namespace {

using core::Error;
using core::Json;

// The largest token considered: far above any real one, and it bounds the work a forged
// header can cause.
constexpr size_t kMaxTokenBytes = 8192;

Error Reject(std::string message) { return Error::Unauthorized(std::move(message)); }

// Reads a NumericDate claim (seconds since the epoch, integer or fractional).
std::optional<core::Timestamp> NumericDate(const Json& claims, const char* name, bool& malformed) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (!it->is_number()) {
    malformed = true;
    return std::nullopt;
  }
  return core::Timestamp::FromMicros(int64_t(it->get<double>() * 1e6));
}

bool AudienceMatches(const Json& claims, const std::string& audience) {
  auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return it->get<std::string>() == audience;
  if (it->is_array()) {
    for (const Json& entry : *it) {
      if (entry.is_string() && entry.get<std::string>() == audience) return true;
    }
  }
  return false;
}

}  // namespace

JwtVerifier::JwtVerifier(std::string secret, const core::AuthConfig& config,
                         const core::Clock& clock)
    : secret_(std::move(secret)), audience_(config.audience), leeway_(config.leeway), clock_(clock) {}

core::Result<Principal> JwtVerifier::Verify(std::string_view token) const {
  if (token.size() > kMaxTokenBytes) return Reject("token too long");
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Reject("malformed token: expected header.payload.signature");
  }
  std::string_view header_part = token.substr(0, first);
  std::string_view payload_part = token.substr(first + 1, second - first - 1);
  std::string_view signature_part = token.substr(second + 1);

  std::optional<std::string> header_text = detail::Base64UrlDecode(header_part);
  std::optional<std::string> payload_text = detail::Base64UrlDecode(payload_part);
  std::optional<std::string> signature = detail::Base64UrlDecode(signature_part);
  if (!header_text || !payload_text || !signature) return Reject("malformed token: bad base64url");

  Json header = Json::parse(*header_text, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return Reject("malformed token: header is not a JSON object");
  // The algorithm is fixed by us, never chosen by the token: anything but HS256 (including
  // "none") is refused before the signature is even looked at.
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string() || alg->get<std::string>() != "HS256") {
    return Reject("unsupported token algorithm: only HS256 is accepted");
  }

  std::string signing_input(token.substr(0, second));
  if (!detail::ConstantTimeEquals(*signature, detail::HmacSha256(secret_, signing_input))) {
    return Reject("invalid token signature");
  }

  Json claims = Json::parse(*payload_text, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return Reject("malformed token: payload is not a JSON object");

  bool malformed = false;
  std::optional<core::Timestamp> exp = NumericDate(claims, "exp", malformed);
  std::optional<core::Timestamp> nbf = NumericDate(claims, "nbf", malformed);
  if (malformed) return Reject("malformed token: exp and nbf must be numbers");
  if (!exp) return Reject("token has no exp claim");
  core::Timestamp now = clock_.Now();
  if (*exp + leeway_ <= now) return Reject("token expired");
  if (nbf && *nbf - leeway_ > now) return Reject("token not yet valid");
  if (!audience_.empty() && !AudienceMatches(claims, audience_)) {
    return Reject("token audience does not match");
  }

  auto sub = claims.find("sub");
  if (sub == claims.end() || !sub->is_string() || sub->get<std::string>().empty()) {
    return Reject("token has no sub claim");
  }
  auto role_claim = claims.find("role");
  std::optional<Role> role;
  if (role_claim != claims.end() && role_claim->is_string()) {
    role = ParseRole(role_claim->get<std::string>());
  }
  if (!role) return Reject("token role must be authenticated or service_role");

  Principal principal{sub->get<std::string>(), *role, UserRole::kNone, *exp};
  auto user_role = claims.find("user_role");
  if (user_role != claims.end() && !user_role->is_null()) {
    std::optional<UserRole> parsed =
        user_role->is_string() ? ParseUserRole(user_role->get<std::string>()) : std::nullopt;
    if (!parsed) return Reject("token user_role must be customer, mechanic or admin");
    principal.user_role = *parsed;
  }
  return principal;
}

core::Result<Principal> JwtVerifier::VerifyAuthorizationHeader(std::string_view header) const {
  if (header.empty()) return Reject("missing Authorization header");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return Reject("Authorization header must be 'Bearer <token>'");
  }
  return Verify(header.substr(kScheme.size()));
}

std::string MintToken(const TokenRequest& request, std::string_view secret, core::Timestamp now) {
  Json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  Json claims = {{"sub", request.subject},
                 {"role", RoleName(request.role)},
                 {"iat", now.seconds()},
                 {"exp", (now + request.ttl).seconds()}};
  if (request.user_role != UserRole::kNone) claims["user_role"] = UserRoleName(request.user_role);
  if (!request.audience.empty()) claims["aud"] = request.audience;
  std::string signing_input =
      detail::Base64UrlEncode(header.dump()) + "." + detail::Base64UrlEncode(claims.dump());
  return signing_input + "." + detail::Base64UrlEncode(detail::HmacSha256(secret, signing_input));
}

}  // namespace sessiond::auth
