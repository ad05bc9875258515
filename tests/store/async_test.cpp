// Coroutines await store work without blocking their I/O thread and resume on it.
#include <thread>
#include <utility>  // before Boost 1.74 asio, which uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "store/async.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

class StoreAsync : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, StoreAsync,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendParamName);

TEST_P(StoreAsync, CoroutinesResumeOnTheirOwnExecutorWithTheResult) {
  CreateItems();
  boost::asio::io_context io;
  std::thread::id io_thread;
  std::vector<std::string> steps;

  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        std::thread::id work_thread;
        core::Result<void> wrote = co_await AsyncWrite(db(), [&](Connection& c) -> core::Result<void> {
          work_thread = std::this_thread::get_id();
          core::Result<int64_t> n =
              c.Execute("INSERT INTO items (id, name) VALUES (?, ?)", {1, "async"});
          if (!n) return n.error();
          return core::Ok();
        });
        steps.push_back(CodeOf(wrote));
        steps.push_back(std::this_thread::get_id() == io_thread ? "on io" : "elsewhere");
        steps.push_back(work_thread != io_thread ? "work off io" : "work on io");

        std::string name;
        core::Result<void> read = co_await AsyncRead(db(), [&](Connection& c) -> core::Result<void> {
          core::Result<Rows> rows = c.Query("SELECT name FROM items WHERE id = ?", {1});
          if (!rows) return rows.error();
          name = (*rows)[0].Text(0);
          return core::Ok();
        });
        steps.push_back(CodeOf(read) + " " + name);

        core::Result<void> dup = co_await AsyncWrite(db(), [](Connection& c) -> core::Result<void> {
          core::Result<int64_t> n = c.Execute("INSERT INTO items (id, name) VALUES (1, 'again')");
          if (!n) return n.error();
          return core::Ok();
        });
        steps.push_back(CodeOf(dup));
        steps.push_back(CodeOf(co_await AsyncPing(db())));
        steps.push_back(std::this_thread::get_id() == io_thread ? "on io" : "elsewhere");
      },
      boost::asio::detached);

  // run() returns only once the coroutine has finished: an outstanding store call keeps the
  // io_context busy even though nothing else is queued on it.
  io_thread = std::this_thread::get_id();
  io.run();
  EXPECT_EQ(steps, (std::vector<std::string>{"ok", "on io", "work off io", "ok async", "conflict",
                                             "ok", "on io"}));
}

}  // namespace
}  // namespace sessiond::store::testing
