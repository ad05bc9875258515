#include "http/server.hpp"

#include <cassert>
#include <future>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/detail/connection.hpp"
#include "http/detail/connection_tracker.hpp"
#include "http/detail/http_metrics.hpp"
#include "http/detail/listen_address.hpp"
#include "http/detail/pipeline.hpp"
#include "http/detail/request_id.hpp"

namespace sessiond::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// After a failed accept (out of descriptors, most likely), wait this long before the next
// one instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

int ThreadCount(int configured) {
  if (configured > 0) return configured;
  return std::max(1u, std::thread::hardware_concurrency());
}

// The completion of every coroutine we spawn: exceptions are caught inside, so one that
// arrives here is a bug worth a log line rather than a silent loss.
auto LogIfThrown(const char* what) {
  return [what](std::exception_ptr thrown) {
    if (!thrown) return;
    try {
      std::rethrow_exception(thrown);
    } catch (const std::exception& e) {
      spdlog::error("{} ended with an exception: {}", what, e.what());
    }
  };
}

}  // namespace

struct Server::Impl {
  Impl(const core::HttpConfig& config, Router router, ServerDeps deps)
      : config(config),
        router(std::move(router)),
        pipeline(this->router, std::move(deps.authenticator)),
        metrics(deps.metrics),
        request_ids(deps.clock),
        env{this->config, pipeline, metrics, route_series, request_ids, tracker},
        threads(ThreadCount(config.io_threads)),
        io(threads),
        acceptor(asio::make_strand(io)),
        grace_timer(io) {
    for (const auto& route : this->router.routes()) {
      route_series.push_back(
          &metrics.For(route->metrics_label, boost::beast::http::to_string(route->method)));
    }
  }

  asio::awaitable<void> Accept();
  void BeginStop(core::Duration grace);
  void ForceStop();

  // Constant after construction.
  const core::HttpConfig config;
  const Router router;
  const detail::Pipeline pipeline;
  detail::HttpMetrics metrics;
  std::vector<detail::HttpMetrics::Series*> route_series;  // by Route::index
  detail::RequestIds request_ids;
  detail::ConnectionTracker tracker;
  const detail::ConnectionEnv env;
  const int threads;

  std::mutex mu;
  bool listening = false;       // guarded by mu
  bool running = false;         // guarded by mu
  bool stop_requested = false;  // guarded by mu
  uint16_t port = 0;            // set by Listen, then constant
  std::string address;          // "127.0.0.1:8080" or "[::1]:8080"; set by Listen

  // Last, so that coroutines abandoned in it are destroyed while the rest still exists.
  asio::io_context io;
  tcp::acceptor acceptor;  // on its own strand: Accept and BeginStop never overlap
  asio::steady_timer grace_timer;
};

asio::awaitable<void> Server::Impl::Accept() {
  for (;;) {
    // Each connection gets a strand: its coroutine, and the Stop that may close it, never
    // run at once.
    tcp::socket socket(asio::make_strand(io));
    boost::system::error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (tracker.stopping() || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      spdlog::warn("http: accept failed: {}", ec.message());
      asio::steady_timer pause(acceptor.get_executor(), kAcceptRetryDelay);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    // Responses are written whole; Nagle would only delay them.
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<detail::Connection>(std::move(socket), env);
    tracker.Add(connection);
    asio::co_spawn(connection->executor(), detail::Connection::Serve(connection),
                   LogIfThrown("http connection"));
  }
}

// On the acceptor's strand.
void Server::Impl::BeginStop(core::Duration grace) {
  boost::system::error_code ec;
  acceptor.close(ec);
  std::vector<std::shared_ptr<detail::Connection>> live = tracker.Drain([this] { io.stop(); });
  spdlog::info("http: stopping; {} connection(s) open, grace {}", live.size(), grace.ToString());
  for (auto& connection : live) {
    asio::post(connection->executor(), [connection] { connection->CloseIfIdle(); });
  }
  grace_timer.expires_after(grace.ToChrono());
  grace_timer.async_wait([this](boost::system::error_code ec) {
    if (!ec) ForceStop();
  });
}

void Server::Impl::ForceStop() {
  // Stopping the io_context abandons whatever is still running; Run closes the sockets
  // once every thread has left it.
  spdlog::warn("http: grace period over; closing {} busy connection(s)", tracker.Live().size());
  io.stop();
}

Server::Server(const core::HttpConfig& config, Router router, ServerDeps deps)
    : impl_(std::make_unique<Impl>(config, std::move(router), std::move(deps))) {}

Server::~Server() {
  // Abandoned coroutines are destroyed with the io_context; they must not report back.
  impl_->tracker.Detach();
}

core::Result<void> Server::Listen() {
  Impl& s = *impl_;
  core::Result<tcp::endpoint> endpoint = detail::ResolveListenAddress(s.config.listen);
  if (!endpoint) return endpoint.error();

  boost::system::error_code ec;
  s.acceptor.open(endpoint->protocol(), ec);
  if (!ec) s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(*endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
    core::Error error =
        core::Error::Unavailable("cannot listen on " + s.config.listen + ": " + ec.message());
    error.details["field"] = "http.listen";
    return error;
  }
  std::lock_guard lock(s.mu);
  tcp::endpoint bound = s.acceptor.local_endpoint();
  s.port = bound.port();
  std::string host = bound.address().to_string();
  s.address = (bound.address().is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(s.port);
  s.listening = true;
  return core::Ok();
}

uint16_t Server::port() const { return impl_->port; }

asio::io_context& Server::io_context() { return impl_->io; }

void Server::Run() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mu);
    assert(s.listening && "Run() before a successful Listen()");
    if (!s.listening) {
      spdlog::error("http: Run() without a successful Listen(); not serving");
      return;
    }
    if (s.stop_requested) {
      boost::system::error_code ec;
      s.acceptor.close(ec);
      return;
    }
    s.running = true;
  }
  // bench/ scripts read the port from this line.
  spdlog::info("http: listening on {} with {} thread(s)", s.address, s.threads);
  asio::co_spawn(s.acceptor.get_executor(), s.Accept(), LogIfThrown("http acceptor"));

  auto run = [&s] {
    // An exception out of a handler is a bug; log it and keep the thread serving.
    for (;;) {
      try {
        s.io.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: exception on an I/O thread: {}", e.what());
      }
    }
  };
  std::vector<std::thread> others;
  for (int i = 1; i < s.threads; ++i) others.emplace_back(run);
  run();
  for (auto& thread : others) thread.join();

  // No thread runs the io_context now, so touching the connections from here is safe.
  s.tracker.Detach();
  for (auto& connection : s.tracker.Live()) connection->Close();
  std::lock_guard lock(s.mu);
  s.running = false;
}

void Server::Stop(core::Duration grace) {
  Impl& s = *impl_;
  std::unique_lock lock(s.mu);
  if (s.stop_requested) return;
  s.stop_requested = true;
  s.tracker.MarkStopping();
  if (!s.running) return;  // Run has not started: it will see stop_requested and return

  auto closed = std::make_shared<std::promise<void>>();
  std::future<void> acceptor_closed = closed->get_future();
  asio::post(s.acceptor.get_executor(), [&s, grace, closed] {
    s.BeginStop(grace);
    closed->set_value();
  });
  bool on_io_thread = s.io.get_executor().running_in_this_thread();
  lock.unlock();
  // On an I/O thread the wait could be for ourselves; the close follows shortly anyway.
  if (!on_io_thread) acceptor_closed.wait();
}

void Server::Stop() { Stop(impl_->config.shutdown_grace); }

}  // namespace sessiond::http
