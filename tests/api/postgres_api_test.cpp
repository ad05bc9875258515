// `sessiond serve --database postgres://...` serves the same API; readiness follows the
// database. Needs the server started by scripts/with-postgres (CI=true makes it mandatory).
#include <chrono>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "server_process.hpp"

namespace sessiond::testing {
namespace {

std::string EnvOr(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

class PostgresApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = EnvOr("SESSIOND_TEST_PG_URL");
    if (url_.empty()) {
      if (EnvOr("CI") == "true") FAIL() << "SESSIOND_TEST_PG_URL is not set (run under scripts/with-postgres)";
      GTEST_SKIP() << "SESSIOND_TEST_PG_URL not set; run under scripts/with-postgres";
    }
  }
  std::string url_;
};

// Polls a condition until it holds or the bound passes: the database coming back is an
// outside event with no signal to wait on.
template <typename F>
bool Eventually(F condition, std::chrono::seconds bound = std::chrono::seconds(30)) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::yield();
  }
  return false;
}

TEST_F(PostgresApiTest, ServesTheSameApi) {
  ServerProcess server(ServeArgs({"--jwt-secret", "pg-secret"}, url_));
  EXPECT_EQ(Get(server.port(), "/healthz").status, 200);
  HttpResponse ready = Get(server.port(), "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body << server.Log();

  CommandResult minted = RunSessiond({"token", "--jwt-secret", "pg-secret", "--sub", "pg-user"});
  ASSERT_EQ(minted.status, 0);
  minted.out.pop_back();
  HttpResponse me = Get(server.port(), "/v1/me", minted.out);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["sub"], "pg-user");
  EXPECT_EQ(Get(server.port(), "/v1/me").status, 401);
}

TEST_F(PostgresApiTest, ReadinessFollowsTheDatabase) {
  std::string stop = EnvOr("SESSIOND_TEST_PG_STOP");
  std::string start = EnvOr("SESSIOND_TEST_PG_START");
  ASSERT_FALSE(stop.empty() || start.empty()) << "the harness must export PG stop/start commands";
  ServerProcess server(ServeArgs({}, url_));
  ASSERT_EQ(Get(server.port(), "/readyz").status, 200);

  ASSERT_EQ(std::system(stop.c_str()), 0);
  HttpResponse down = Get(server.port(), "/readyz");
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(down.ErrorCode(), "unavailable");
  EXPECT_EQ(Get(server.port(), "/healthz").status, 200);  // alive, just not ready

  ASSERT_EQ(std::system(start.c_str()), 0);
  EXPECT_TRUE(Eventually([&] { return Get(server.port(), "/readyz").status == 200; }))
      << server.Log();
}

TEST_F(PostgresApiTest, MigrateRefusesNothingOnASecondRun) {
  CommandResult first = RunSessiond({"migrate", "--database", url_});
  ASSERT_EQ(first.status, 0) << first.err;
  CommandResult second = RunSessiond({"migrate", "--database", url_});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.out.find("schema is up to date"), std::string::npos) << second.out;
}

}  // namespace
}  // namespace sessiond::testing
