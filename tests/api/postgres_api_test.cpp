// `sessiond serve --database postgres://...` serves the same API; readiness follows the
// database. Needs the server started by scripts/with-postgres (CI=true makes it mandatory).
#include <signal.h>

#include <chrono>
#include <cstdlib>

#include <gtest/gtest.h>

#include "eventually.hpp"
#include "http_client.hpp"
#include "postgres_fixture.hpp"
#include "server_process.hpp"

namespace sessiond::testing {
namespace {


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

TEST_F(PostgresApiTest, MigrateRefusesNothingOnASecondRun) {
  CommandResult first = RunSessiond({"migrate", "--database", url_});
  ASSERT_EQ(first.status, 0) << first.err;
  CommandResult second = RunSessiond({"migrate", "--database", url_});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.out.find("schema is up to date"), std::string::npos) << second.out;
}

TEST_F(PostgresApiTest, TwoNodesElectOneLeaderAndTheOtherTakesOverWhenItDies) {
  ServerProcess a(ServeArgs({"--jwt-secret", "pg-secret", "--node-id", "node-a", "--access-log", "false"}, url_));
  ServerProcess b(ServeArgs({"--jwt-secret", "pg-secret", "--node-id", "node-b", "--access-log", "false"}, url_));
  CommandResult minted =
      RunSessiond({"token", "--jwt-secret", "pg-secret", "--sub", "ops", "--role", "service_role"});
  ASSERT_EQ(minted.status, 0);
  minted.out.pop_back();
  auto status = [&](ServerProcess& node) { return Get(node.port(), "/v1/scheduler", minted.out).Json(); };
  // node-a started first and holds the lock; both report it as the leader.
  ASSERT_TRUE(Eventually([&] { return status(b)["leader"] == "node-a"; })) << status(b).dump();
  EXPECT_EQ(status(a)["role"], "leader");
  EXPECT_EQ(status(b)["role"], "follower");

  ASSERT_EQ(a.Stop(SIGKILL), std::optional<int>(128 + SIGKILL));
  auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(Eventually([&] { return status(b)["role"] == "leader"; }, std::chrono::seconds(10)))
      << b.Log();
  EXPECT_LT(std::chrono::steady_clock::now() - killed, std::chrono::seconds(10));
  EXPECT_TRUE(Eventually([&] { return status(b)["leader"] == "node-b"; }, std::chrono::seconds(10)));
}

}  // namespace
}  // namespace sessiond::testing
