#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

// Helpers for the in-process server tests: a server on 127.0.0.1 and a blocking client.
namespace sessiond::http::testing {

using ClientResponse = boost::beast::http::response<boost::beast::http::string_body>;

// "Bearer good" is user-1; anything else is refused.
Authenticator FakeAuthenticator();

// An HttpConfig for tests: 127.0.0.1 port 0, two threads, no access log.
core::HttpConfig TestConfig();

// A Server listening on 127.0.0.1, run on a thread of its own from construction to
// destruction (which stops it with a short grace).
class TestServer {
 public:
  // `add_routes` registers the test's routes before the server starts.
  explicit TestServer(std::function<void(Router&, core::MetricsRegistry&)> add_routes,
                      core::HttpConfig config = TestConfig());
  ~TestServer();

  uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  core::MetricsRegistry& metrics() { return metrics_; }
  // Waits (unbounded; the test's timeout is the bound) until Run has returned.
  void WaitUntilStopped();

 private:
  core::SystemClock clock_;
  core::MetricsRegistry metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// A blocking HTTP/1.1 client on one TCP connection to 127.0.0.1.
class TestClient {
 public:
  explicit TestClient(uint16_t port);

  // Sends a request and reads the response. Throws boost::system::system_error on I/O errors.
  ClientResponse Send(boost::beast::http::verb method, std::string_view target,
                      std::string body = "", std::string_view content_type = "",
                      std::vector<std::pair<std::string, std::string>> headers = {});
  ClientResponse Get(std::string_view target) {
    return Send(boost::beast::http::verb::get, target);
  }
  // Writes raw bytes as they are.
  void WriteRaw(std::string_view bytes);
  // Reads one response (after WriteRaw).
  ClientResponse Read();
  // Reads the response to a HEAD request: header fields only, whatever Content-Length says.
  ClientResponse ReadHeadResponse();
  // True when the server closes the connection (EOF or reset) within `bound`, reading and
  // dropping anything that arrives before.
  bool ClosedWithin(std::chrono::milliseconds bound);

  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// True when a new TCP connection to 127.0.0.1:port is refused.
bool ConnectionRefused(uint16_t port);

// The JSON error code of an error response body ("" when it is not one).
std::string ErrorCodeOf(const ClientResponse& response);

}  // namespace sessiond::http::testing
