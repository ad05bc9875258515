// PostgreSQL only: the pool survives the server going away and coming back. These tests
// stop and restart the shared test server, so CTest runs them alone (RUN_SERIAL).
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>

#include "store/database.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

// Recovery is an outside event with nothing to wait on, so tests poll with a deadline.
constexpr auto kRecoveryBound = std::chrono::seconds(30);

template <typename Condition>
bool Eventually(Condition condition) {
  auto deadline = std::chrono::steady_clock::now() + kRecoveryBound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::yield();
  }
  return false;
}

class PostgresReconnect : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    restart_ = EnvOr("SESSIOND_TEST_PG_RESTART");
    stop_ = EnvOr("SESSIOND_TEST_PG_STOP");
    start_ = EnvOr("SESSIOND_TEST_PG_START");
    if (restart_.empty() || stop_.empty() || start_.empty()) {
      if (EnvOr("CI") == "true") {
        FAIL() << "SESSIOND_TEST_PG_RESTART/STOP/START are not set but CI=true";
      }
      GTEST_SKIP() << "SESSIOND_TEST_PG_RESTART/STOP/START not set; run under scripts/with-postgres";
    }
    CreateItems();
  }

  void TearDown() override {
    // Whatever happened, leave the server running for the tests after this one.
    if (server_stopped_) (void)std::system(start_.c_str());
    StoreTest::TearDown();
  }

  void Run(const std::string& command) {
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    if (command == stop_) server_stopped_ = true;
    if (command == start_ || command == restart_) server_stopped_ = false;
  }

  core::Result<void> InsertRow(int64_t id) {
    return db().Write([id](Connection& c) -> core::Result<void> {
      core::Result<int64_t> n = c.Execute("INSERT INTO items (id, name) VALUES (?, 'x')", {id});
      if (!n) return n.error();
      return core::Ok();
    });
  }

  // Runs `count` writes at once, so that every pooled connection is likely used.
  int ConcurrentWriteFailures(int64_t first_id, int count) {
    std::vector<std::future<core::Result<void>>> writes;
    for (int i = 0; i < count; ++i) {
      writes.push_back(std::async(std::launch::async, [&, i] { return InsertRow(first_id + i); }));
    }
    int failures = 0;
    for (auto& w : writes) failures += w.get().ok() ? 0 : 1;
    return failures;
  }

  std::string restart_, stop_, start_;
  bool server_stopped_ = false;
};
INSTANTIATE_TEST_SUITE_P(Backends, PostgresReconnect, ::testing::Values(Backend::kPostgres),
                         BackendParamName);

TEST_P(PostgresReconnect, ThePoolRecoversAfterARestart) {
  ASSERT_OK(InsertRow(1));
  Run(restart_);

  // Idle connections find the server gone at BEGIN and reconnect before any work ran, so
  // writes may succeed at once; any failure must be kUnavailable, never another code.
  int64_t id = 100;
  std::vector<std::string> failures;
  EXPECT_TRUE(Eventually([&] {
    core::Result<void> r = InsertRow(id++);
    if (!r) failures.push_back(CodeOf(r));
    return r.ok();
  }));
  for (const std::string& code : failures) EXPECT_EQ(code, "unavailable");
  EXPECT_OK(db().Ping());
  EXPECT_EQ(ConcurrentWriteFailures(1000, 2 * options().pool_size), 0);
  EXPECT_EQ(db().Stats().connections, options().pool_size);
}

TEST_P(PostgresReconnect, PingIsUnavailableWhileTheServerIsDownAndOkOnceItIsBack) {
  ASSERT_OK(db().Ping());
  Run(stop_);
  EXPECT_EQ(CodeOf(db().Ping()), "unavailable");
  EXPECT_EQ(CodeOf(InsertRow(1)), "unavailable");
  EXPECT_EQ(CodeOf(db().Read([](Connection&) { return core::Ok(); })), "unavailable");
  EXPECT_LT(db().Stats().connections, options().pool_size);

  Run(start_);
  EXPECT_TRUE(Eventually([&] { return db().Ping().ok(); }));
  EXPECT_OK(InsertRow(2));
  EXPECT_EQ(ConcurrentWriteFailures(1000, 2 * options().pool_size), 0);
  EXPECT_EQ(Count("items"), 1 + 2 * options().pool_size);  // the write while down is not there
}

TEST_P(PostgresReconnect, AWriteCutOffBeforeCommitFailsOnceAndIsNotRetried) {
  std::atomic<int> runs{0};
  core::Result<void> r = db().Write([&](Connection& c) -> core::Result<void> {
    ++runs;
    core::Result<int64_t> n = c.Execute("INSERT INTO items (id, name) VALUES (1, 'lost')");
    if (!n) return n.error();
    // The server restarts between the write and its COMMIT.
    if (std::system(restart_.c_str()) != 0) return core::Error::Internal("restart failed");
    return core::Ok();
  });
  EXPECT_EQ(CodeOf(r), "unavailable");
  EXPECT_EQ(runs.load(), 1);
  EXPECT_TRUE(Eventually([&] { return db().Ping().ok(); }));
  EXPECT_EQ(Count("items"), 0);
}

}  // namespace
}  // namespace sessiond::store::testing
