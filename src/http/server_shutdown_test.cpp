// Graceful stop: in-flight requests finish, idle connections close, new ones are refused,
// and what outlives the grace is cut.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/test_util.hpp"

namespace sessiond::http {
namespace {

namespace asio = boost::asio;
using testing::ClientResponse;
using testing::TestClient;
using testing::TestServer;

// Holds a handler until the test opens it: the handler awaits a timer that never expires
// and the test cancels it.
class Gate {
 public:
  asio::awaitable<void> Wait() {
    auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor,
                                                      asio::steady_timer::time_point::max());
    {
      std::lock_guard lock(mu_);
      timer_ = timer;  // weakly: the timer dies with the handler, even an abandoned one
    }
    entered_.set_value();
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  void WaitUntilEntered() { entered_future_.wait(); }
  // Requires: the server is running.
  void Open() {
    std::lock_guard lock(mu_);
    if (auto timer = timer_.lock()) asio::post(timer->get_executor(), [timer] { timer->cancel(); });
  }

 private:
  std::mutex mu_;
  std::weak_ptr<asio::steady_timer> timer_;  // guarded by mu_
  std::promise<void> entered_;
  std::future<void> entered_future_ = entered_.get_future();
};

std::function<void(Router&, core::MetricsRegistry&)> SlowRoutes(Gate& gate) {
  return [&gate](Router& router, core::MetricsRegistry&) {
    router.Add(Method::get, "/slow",
               [&gate](RequestContext&) -> asio::awaitable<Response> {
                 co_await gate.Wait();
                 co_return Response::Json(StatusCode::ok, {{"done", true}});
               },
               {Access::kPublic});
    router.Add(
        Method::get, "/fast",
        [](RequestContext&) -> asio::awaitable<Response> { co_return Response::NoContent(); },
        {Access::kPublic});
  };
}

TEST(Shutdown, InFlightRequestFinishesWhileIdleAndNewConnectionsAreTurnedAway) {
  Gate gate;
  TestServer server(SlowRoutes(gate));
  TestClient idle(server.port());
  ASSERT_EQ(idle.Get("/fast").result(), StatusCode::no_content);
  TestClient busy(server.port());
  busy.WriteRaw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  gate.WaitUntilEntered();

  constexpr auto kGrace = std::chrono::seconds(60);
  auto stop_started = std::chrono::steady_clock::now();
  server.server().Stop(core::Duration::Seconds(60));
  // Stop returned: the listening socket is closed.
  EXPECT_TRUE(testing::ConnectionRefused(server.port()));
  EXPECT_TRUE(idle.ClosedWithin(std::chrono::seconds(5)));

  gate.Open();
  ClientResponse response = busy.Read();
  EXPECT_EQ(response.result(), StatusCode::ok);
  EXPECT_EQ(response.body(), R"({"done":true})");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(busy.ClosedWithin(std::chrono::seconds(5)));

  server.WaitUntilStopped();
  // Run returned because the last connection left, not because the grace ran out.
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, kGrace / 2);
}

TEST(Shutdown, RequestOutlivingTheGraceIsCut) {
  Gate gate;
  TestServer server(SlowRoutes(gate));
  TestClient busy(server.port());
  busy.WriteRaw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  gate.WaitUntilEntered();

  server.server().Stop(core::Duration::Millis(200));
  EXPECT_TRUE(busy.ClosedWithin(std::chrono::seconds(5)));
  server.WaitUntilStopped();
}

TEST(Shutdown, StopWithoutConnectionsReturnsPromptly) {
  Gate gate;
  TestServer server(SlowRoutes(gate));
  {
    TestClient client(server.port());
    EXPECT_EQ(client.Get("/fast").result(), StatusCode::no_content);
  }
  server.server().Stop(core::Duration::Seconds(60));
  server.WaitUntilStopped();
  EXPECT_TRUE(testing::ConnectionRefused(server.port()));
}

TEST(Shutdown, StopBeforeRunMakesRunReturnAtOnce) {
  core::SystemClock clock;
  core::MetricsRegistry metrics;
  Server server(testing::TestConfig(), Router(), ServerDeps{clock, metrics, nullptr});
  ASSERT_TRUE(server.Listen().ok());
  server.Stop();
  server.Run();
  EXPECT_TRUE(testing::ConnectionRefused(server.port()));
}

TEST(Shutdown, ListenReportsABusyPort) {
  core::SystemClock clock;
  core::MetricsRegistry metrics;
  Server first(testing::TestConfig(), Router(), ServerDeps{clock, metrics, nullptr});
  ASSERT_TRUE(first.Listen().ok());
  core::HttpConfig config = testing::TestConfig();
  config.listen = "127.0.0.1:" + std::to_string(first.port());
  Server second(config, Router(), ServerDeps{clock, metrics, nullptr});
  core::Result<void> listening = second.Listen();
  ASSERT_FALSE(listening.ok());
  EXPECT_EQ(listening.error().code, core::ErrorCode::kUnavailable);

  config.listen = "127.0.0.1";
  Server third(config, Router(), ServerDeps{clock, metrics, nullptr});
  EXPECT_EQ(third.Listen().error().code, core::ErrorCode::kUnprocessable);
}

}  // namespace
}  // namespace sessiond::http
