#pragma once

#include <cstdint>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/duration.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "http/authenticator.hpp"
#include "http/router.hpp"

namespace sessiond::http {

// What the server uses from outside. The clock and the registry must outlive the server.
struct ServerDeps {
  const core::Clock& clock;        // for generated request ids (UUIDv7)
  core::MetricsRegistry& metrics;  // request metrics are added here
  Authenticator authenticator;     // null: every auth-required route answers 401
};

// The HTTP/1.1 server: an acceptor and one coroutine per connection on one io_context run by
// `io_threads` threads. Limits, timeouts and the order of checks are in docs/http.md.
//
// Life: constructed -> Listen() (bound; port() known) -> Run() (blocks, serving) ->
// Stop() from any thread (stop accepting, finish in-flight requests within the grace,
// close idle connections, then force-close the rest) -> Run() returns. Run and Stop are
// each meant to be called once; Stop may come before Run (Run then returns at once).
// Thread-safe: Stop and port() may be called from any thread.
class Server {
 public:
  Server(const core::HttpConfig& config, Router router, ServerDeps deps);
  // Requires: Run() is not running (it has returned, or was never called).
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on config.listen. Errors: kUnprocessable (a malformed listen value,
  // details.field = "http.listen"), kUnavailable (the address cannot be bound: in use,
  // not local, no permission).
  core::Result<void> Listen();

  // The bound port (the chosen one when config.listen asked for port 0).
  // Requires: Listen() succeeded.
  uint16_t port() const;

  // Serves until stopped: runs the io_context on this thread and io_threads - 1 others
  // (io_threads 0 = the number of cores), and returns after Stop once every connection is
  // closed. Connections still busy when the grace ends are closed and their requests
  // abandoned (their coroutines are destroyed with the server). Requires: Listen() succeeded.
  void Run();

  // Stops the server. Called from outside the server's threads, returns once the listening
  // socket is closed (new connections are refused from then on); from a handler or another
  // task on the server's threads, returns at once and the close follows. Later calls do
  // nothing.
  void Stop(core::Duration grace);
  // Stop with config.shutdown_grace.
  void Stop();

  // The io_context the server runs, e.g. for main's signal_set (declare it after the server,
  // so that it goes first). Lives as long as the server; stopped when Run returns.
  boost::asio::io_context& io_context();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sessiond::http
