#include "auth/jwt.hpp"

#include <gtest/gtest.h>

#include "auth/detail/base64url.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"

namespace sessiond::auth {
namespace {

using core::Duration;
using core::Json;
using core::Timestamp;

constexpr char kSecret[] = "test-secret-0123456789";
const Timestamp kNow = Timestamp::FromSeconds(1'800'000'000);

// Signs arbitrary header and claims, so tests can build tokens MintToken never would.
std::string Sign(const Json& header, const Json& claims, std::string_view secret = kSecret) {
  std::string input = detail::Base64UrlEncode(header.dump()) + "." +
                      detail::Base64UrlEncode(claims.dump());
  return input + "." + detail::Base64UrlEncode(detail::HmacSha256(secret, input));
}

Json Claims() {
  return {{"sub", "user-1"}, {"role", "authenticated"}, {"exp", kNow.seconds() + 3600}};
}

class JwtVerifierTest : public ::testing::Test {
 protected:
  core::Result<Principal> Verify(const std::string& token, std::string audience = "") {
    core::AuthConfig config;
    config.audience = std::move(audience);
    JwtVerifier verifier(kSecret, config, clock_);
    return verifier.Verify(token);
  }
  std::string RejectionOf(const std::string& token, std::string audience = "") {
    core::Result<Principal> result = Verify(token, std::move(audience));
    if (result) return "accepted";
    EXPECT_EQ(result.error().code, core::ErrorCode::kUnauthorized);
    return result.error().message;
  }
  core::SimulatedClock clock_{kNow};
};

TEST_F(JwtVerifierTest, AcceptsMintedTokenWithItsClaims) {
  TokenRequest request{"mech-7", Role::kAuthenticated, UserRole::kMechanic, Duration::Hours(1), ""};
  core::Result<Principal> principal = Verify(MintToken(request, kSecret, kNow));
  ASSERT_TRUE(principal) << principal.error().ToString();
  EXPECT_EQ(principal->subject, "mech-7");
  EXPECT_EQ(principal->role, Role::kAuthenticated);
  EXPECT_EQ(principal->user_role, UserRole::kMechanic);
  EXPECT_EQ(principal->expires_at, kNow + Duration::Hours(1));
}

TEST_F(JwtVerifierTest, AcceptsServiceRole) {
  Json claims = Claims();
  claims["role"] = "service_role";
  core::Result<Principal> principal = Verify(Sign({{"alg", "HS256"}}, claims));
  ASSERT_TRUE(principal);
  EXPECT_TRUE(principal->IsService());
}

TEST_F(JwtVerifierTest, RejectsWrongSignature) {
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, Claims(), "another-secret")),
            "invalid token signature");
}

TEST_F(JwtVerifierTest, RejectsTamperedPayload) {
  std::string token = Sign({{"alg", "HS256"}}, Claims());
  Json forged = Claims();
  forged["role"] = "service_role";
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  std::string tampered = token.substr(0, first + 1) + detail::Base64UrlEncode(forged.dump()) +
                         token.substr(second);
  EXPECT_EQ(RejectionOf(tampered), "invalid token signature");
}

TEST_F(JwtVerifierTest, RejectsAlgNoneAndOtherAlgorithms) {
  std::string unsigned_token =
      detail::Base64UrlEncode(Json{{"alg", "none"}}.dump()) + "." +
      detail::Base64UrlEncode(Claims().dump()) + ".";
  EXPECT_EQ(RejectionOf(unsigned_token), "unsupported token algorithm: only HS256 is accepted");
  for (const char* alg : {"none", "HS512", "RS256", "hs256"}) {
    EXPECT_EQ(RejectionOf(Sign({{"alg", alg}}, Claims())),
              "unsupported token algorithm: only HS256 is accepted")
        << alg;
  }
  EXPECT_EQ(RejectionOf(Sign({{"typ", "JWT"}}, Claims())),
            "unsupported token algorithm: only HS256 is accepted");
}

TEST_F(JwtVerifierTest, ExpiryHonoursThirtySecondLeeway) {
  Json claims = Claims();
  claims["exp"] = kNow.seconds() - 29;
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)), "accepted");
  claims["exp"] = kNow.seconds() - 30;
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)), "token expired");
  claims.erase("exp");
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)), "token has no exp claim");
}

TEST_F(JwtVerifierTest, TokenExpiresWhenTheClockMovesPastIt) {
  std::string token = Sign({{"alg", "HS256"}}, Claims());
  EXPECT_EQ(RejectionOf(token), "accepted");
  clock_.Advance(Duration::Hours(1) + Duration::Seconds(30));
  EXPECT_EQ(RejectionOf(token), "token expired");
}

TEST_F(JwtVerifierTest, RejectsNotYetValid) {
  Json claims = Claims();
  claims["nbf"] = kNow.seconds() + 31;
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)), "token not yet valid");
  claims["nbf"] = kNow.seconds() + 30;
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)), "accepted");
}

TEST_F(JwtVerifierTest, ChecksAudienceOnlyWhenConfigured) {
  Json claims = Claims();
  claims["aud"] = "authenticated";
  std::string token = Sign({{"alg", "HS256"}}, claims);
  EXPECT_EQ(RejectionOf(token), "accepted");
  EXPECT_EQ(RejectionOf(token, "authenticated"), "accepted");
  EXPECT_EQ(RejectionOf(token, "other-app"), "token audience does not match");
  claims["aud"] = Json::array({"x", "other-app"});
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims), "other-app"), "accepted");
  claims.erase("aud");
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims), "other-app"),
            "token audience does not match");
}

TEST_F(JwtVerifierTest, RejectsMalformedTokens) {
  struct Case {
    std::string token;
    std::string message;
  };
  const Case cases[] = {
      {"", "malformed token: expected header.payload.signature"},
      {"abc", "malformed token: expected header.payload.signature"},
      {"a.b", "malformed token: expected header.payload.signature"},
      {"a.b.c.d", "malformed token: expected header.payload.signature"},
      {"!!.b.c", "malformed token: bad base64url"},
      {detail::Base64UrlEncode("not json") + ".e30.", "malformed token: header is not a JSON object"},
      {std::string(9000, 'a'), "token too long"},
  };
  for (const Case& c : cases) EXPECT_EQ(RejectionOf(c.token), c.message) << c.token;
}

TEST_F(JwtVerifierTest, RejectsMissingOrUnknownRoleAndSubject) {
  Json claims = Claims();
  claims["role"] = "anon";
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)),
            "token role must be authenticated or service_role");
  claims = Claims();
  claims["user_role"] = "superuser";
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)),
            "token user_role must be customer, mechanic or admin");
  claims = Claims();
  claims.erase("sub");
  EXPECT_EQ(RejectionOf(Sign({{"alg", "HS256"}}, claims)), "token has no sub claim");
}

TEST_F(JwtVerifierTest, ReadsBearerAuthorizationHeader) {
  core::AuthConfig config;
  JwtVerifier verifier(kSecret, config, clock_);
  std::string token = Sign({{"alg", "HS256"}}, Claims());
  EXPECT_TRUE(verifier.VerifyAuthorizationHeader("Bearer " + token));
  EXPECT_TRUE(verifier.VerifyAuthorizationHeader("bearer " + token));
  EXPECT_EQ(verifier.VerifyAuthorizationHeader("").error().message, "missing Authorization header");
  EXPECT_EQ(verifier.VerifyAuthorizationHeader("Basic dXNlcjpwYXNz").error().message,
            "Authorization header must be 'Bearer <token>'");
}

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    std::optional<std::string> decoded = detail::Base64UrlDecode(detail::Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, bytes);
    bytes.push_back(char(i * 37));
  }
  EXPECT_EQ(detail::Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(detail::Base64UrlDecode("abcde"));
  EXPECT_FALSE(detail::Base64UrlDecode("ab+/"));
}

}  // namespace
}  // namespace sessiond::auth
