// Readiness follows the database: this test stops and starts the shared PostgreSQL server,
// so it runs alone (RUN_SERIAL in CMakeLists.txt).
#include <cstdlib>

#include <gtest/gtest.h>

#include "eventually.hpp"
#include "http_client.hpp"
#include "postgres_fixture.hpp"
#include "server_process.hpp"

namespace sessiond::testing {
namespace {


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

}  // namespace
}  // namespace sessiond::testing
