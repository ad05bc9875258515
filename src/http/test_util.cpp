#include "http/test_util.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

namespace sessiond::http::testing {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

tcp::endpoint Loopback(uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

}  // namespace

Authenticator FakeAuthenticator() {
  return [](std::string_view header) -> core::Result<auth::Principal> {
    if (header != "Bearer good") return core::Error::Unauthorized("bad or missing token");
    auth::Principal principal;
    principal.subject = "user-1";
    return principal;
  };
}

core::HttpConfig TestConfig() {
  core::HttpConfig config;
  config.listen = "127.0.0.1:0";
  config.io_threads = 2;
  config.access_log = false;
  return config;
}

TestServer::TestServer(std::function<void(Router&, core::MetricsRegistry&)> add_routes,
                       core::HttpConfig config) {
  Router router;
  add_routes(router, metrics_);
  server_ = std::make_unique<Server>(config, std::move(router),
                                     ServerDeps{clock_, metrics_, FakeAuthenticator()});
  core::Result<void> listening = server_->Listen();
  if (!listening) throw std::runtime_error(listening.error().ToString());
  thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() {
  server_->Stop(core::Duration::Millis(500));
  WaitUntilStopped();
}

void TestServer::WaitUntilStopped() {
  if (thread_.joinable()) thread_.join();
}

TestClient::TestClient(uint16_t port) : socket_(io_) { socket_.connect(Loopback(port)); }

ClientResponse TestClient::Send(bhttp::verb method, std::string_view target, std::string body,
                                std::string_view content_type,
                                std::vector<std::pair<std::string, std::string>> headers) {
  bhttp::request<bhttp::string_body> request{method, target, 11};
  request.set(bhttp::field::host, "127.0.0.1");
  if (!content_type.empty()) request.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  bhttp::write(socket_, request);
  return Read();
}

void TestClient::WriteRaw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

ClientResponse TestClient::Read() {
  ClientResponse response;
  bhttp::read(socket_, buffer_, response);
  return response;
}

ClientResponse TestClient::ReadHeadResponse() {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.skip(true);
  bhttp::read(socket_, buffer_, parser);
  return parser.release();
}

bool TestClient::ClosedWithin(std::chrono::milliseconds bound) {
  // Asio's blocking reads ignore SO_RCVTIMEO, so wait with poll() on the descriptor.
  auto deadline = std::chrono::steady_clock::now() + bound;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{socket_.native_handle(), POLLIN, 0};
    int ready = ::poll(&fd, 1, static_cast<int>(left.count()));
    if (ready <= 0) return false;
    char scratch[4096];
    ssize_t n = ::recv(socket_.native_handle(), scratch, sizeof scratch, 0);
    if (n <= 0) return true;  // EOF, or a reset
  }
}

bool ConnectionRefused(uint16_t port) {
  asio::io_context io;
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(Loopback(port), ec);
  return ec == asio::error::connection_refused;
}

std::string ErrorCodeOf(const ClientResponse& response) {
  nlohmann::json body = nlohmann::json::parse(response.body(), nullptr, false);
  if (!body.is_object() || !body.contains("error")) return "";
  return body["error"].value("code", "");
}

}  // namespace sessiond::http::testing
