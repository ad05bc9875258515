// The foundation seen from outside: health, the JSON error of every early failure, the
// order of checks, authentication end to end and graceful shutdown, against the real binary.
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "raw_connection.hpp"
#include "server_process.hpp"

namespace sessiond::testing {
namespace {

constexpr char kSecret[] = "api-test-secret";

std::string MintToken(const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"token", "--jwt-secret", kSecret, "--sub", "user-42"};
  args.insert(args.end(), extra.begin(), extra.end());
  CommandResult minted = RunSessiond(args);
  EXPECT_EQ(minted.status, 0) << minted.err;
  std::string token = minted.out;
  while (!token.empty() && token.back() == '\n') token.pop_back();
  return token;
}

class FoundationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(ServeArgs({"--jwt-secret", kSecret, "--body-limit", "1024"}));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int port() { return server_->port(); }
  static ServerProcess* server_;
};
ServerProcess* FoundationApiTest::server_ = nullptr;

TEST_F(FoundationApiTest, HealthAndReadinessAnswerWithoutToken) {
  HttpResponse health = Get(port(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Json()["status"], "ok");
  HttpResponse ready = Get(port(), "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.Json()["status"], "ready");
}

TEST_F(FoundationApiTest, UnknownPathIsJson404) {
  HttpResponse res = Get(port(), "/v1/nothing-here");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.ErrorCode(), "not_found");
  EXPECT_EQ(res.Header("content-type"), "application/json");
}

TEST_F(FoundationApiTest, WrongMethodIsJson405WithAllow) {
  HttpResponse res = Request(port(), {"DELETE", "/healthz", {}, ""});
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.ErrorCode(), "method_not_allowed");
  EXPECT_NE(res.Header("allow").find("GET"), std::string::npos) << res.Header("allow");
}

TEST_F(FoundationApiTest, OversizedBodyIsJson413BeforeRouting) {
  HttpRequest request{"POST", "/v1/nothing-here", {{"Content-Type", "application/json"}},
                      "[" + std::string(2000, ' ') + "]"};
  HttpResponse res = Request(port(), request);
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(res.ErrorCode(), "payload_too_large");
}

TEST_F(FoundationApiTest, NonJsonBodyIsJson415BeforeRouting) {
  HttpResponse res =
      Request(port(), {"POST", "/v1/nothing-here", {{"Content-Type", "text/plain"}}, "hello"});
  EXPECT_EQ(res.status, 415);
  EXPECT_EQ(res.ErrorCode(), "unsupported_media_type");
}

TEST_F(FoundationApiTest, MalformedRequestIsJson400) {
  RawConnection connection(port());
  connection.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");
  std::string reply = connection.ReadUntilClosed();
  EXPECT_NE(reply.find("HTTP/1.1 400"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\"bad_request\""), std::string::npos) << reply;
}

TEST_F(FoundationApiTest, MissingOrBadTokenIs401) {
  HttpResponse missing = Get(port(), "/v1/me");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.ErrorCode(), "unauthorized");
  EXPECT_EQ(missing.Header("www-authenticate").rfind("Bearer", 0), 0u);

  CommandResult other = RunSessiond({"token", "--jwt-secret", "another-secret", "--sub", "x"});
  ASSERT_EQ(other.status, 0);
  other.out.pop_back();
  HttpResponse forged = Get(port(), "/v1/me", other.out);
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(forged.Json()["error"]["message"], "invalid token signature");

  HttpResponse garbage = Get(port(), "/v1/me", "not-a-token");
  EXPECT_EQ(garbage.status, 401);
}

TEST_F(FoundationApiTest, MeReturnsThePrincipalOfAMintedToken) {
  std::string token = MintToken({"--user-role", "mechanic", "--ttl", "15m"});
  HttpResponse res = Get(port(), "/v1/me", token);
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json me = res.Json();
  EXPECT_EQ(me["sub"], "user-42");
  EXPECT_EQ(me["role"], "authenticated");
  EXPECT_EQ(me["user_role"], "mechanic");
  EXPECT_TRUE(me["expires_at"].is_string());
}

TEST_F(FoundationApiTest, RoutingComesBeforeAuthentication) {
  // An unknown path says 404 even without a token; a known one says 401.
  EXPECT_EQ(Get(port(), "/v1/unknown").status, 404);
  EXPECT_EQ(Request(port(), {"DELETE", "/v1/me", {}, ""}).status, 405);
  EXPECT_EQ(Get(port(), "/v1/me").status, 401);
}

TEST_F(FoundationApiTest, RequestIdIsEchoedOrGenerated) {
  HttpResponse given = Request(port(), {"GET", "/healthz", {{"X-Request-Id", "abc-123"}}, ""});
  EXPECT_EQ(given.Header("x-request-id"), "abc-123");
  HttpResponse generated = Get(port(), "/healthz");
  EXPECT_FALSE(generated.Header("x-request-id").empty());
}

TEST_F(FoundationApiTest, MetricsCountRequestsByRouteAndStatus) {
  Get(port(), "/v1/me");
  HttpResponse res = Get(port(), "/metrics");
  ASSERT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("sessiond_http_requests_total{"), std::string::npos);
  EXPECT_NE(res.body.find("route=\"/v1/me\""), std::string::npos);
  EXPECT_NE(res.body.find("status=\"401\""), std::string::npos);
  EXPECT_NE(res.body.find("sessiond_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(res.body.find("sessiond_build_info{"), std::string::npos);
  EXPECT_NE(res.body.find("sessiond_store_pool_connections"), std::string::npos);
}

TEST(ServeTest, FirstStartCreatesPrivateSecretThatTokenCommandUses) {
  ServerProcess server;
  std::filesystem::path secret = server.data_dir() / "data" / "jwt_secret";
  ASSERT_TRUE(std::filesystem::exists(secret)) << server.Log();
  struct stat st {};
  ASSERT_EQ(::stat(secret.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(server.Log().find("sessiond token"), std::string::npos) << server.Log();

  CommandResult minted = RunSessiond({"token", "--data-dir", (server.data_dir() / "data").string(),
                                      "--sub", "svc", "--role", "service_role"});
  ASSERT_EQ(minted.status, 0) << minted.err;
  minted.out.pop_back();
  HttpResponse me = Get(server.port(), "/v1/me", minted.out);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["role"], "service_role");
}

TEST(ServeTest, GracefulShutdownFinishesTheRequestInFlight) {
  ServerProcess server(ServeArgs({"--jwt-secret", kSecret}));
  std::string token = MintToken();
  RawConnection in_flight(server.port());
  // One whole request first, so the server has surely accepted the connection; then half a
  // request: headers and no blank line yet. It is in flight when the stop arrives.
  in_flight.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(in_flight.ReadUntil("\"ok\"").find("HTTP/1.1 200"), std::string::npos);
  in_flight.Send("GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n");
  ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
  // Logged once the listening socket is closed.
  ASSERT_TRUE(server.WaitForLog("http: stopping")) << server.Log();

  // New connections are refused while the old one may still finish.
  EXPECT_FALSE(TryRequest(server.port(), "GET", "/healthz").has_value());
  in_flight.Send("Connection: close\r\n\r\n");
  std::string reply = in_flight.ReadUntilClosed();
  EXPECT_NE(reply.find("HTTP/1.1 200"), std::string::npos) << reply << server.Log();
  EXPECT_NE(reply.find("user-42"), std::string::npos) << reply;
  EXPECT_EQ(server.Stop(SIGTERM), std::optional<int>(0)) << server.Log();
}

TEST(ServeTest, IdleConnectionDoesNotDelayShutdown) {
  ServerProcess server(ServeArgs({"--shutdown-grace", "30s"}));
  RawConnection idle(server.port());
  idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  // The response arrives; the keep-alive connection then idles. SIGTERM must not wait 30 s.
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Stop(SIGTERM, std::chrono::seconds(10)), std::optional<int>(0)) << server.Log();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

}  // namespace
}  // namespace sessiond::testing
