// The yardstick of bench/http/healthz.sh: about the least a Beast server can do to answer
// GET /healthz with {"status":"ok"}, shaped like Beast's awaitable HTTP server example:
// threads running one io_context, one coroutine per connection, keep-alive, a timeout on
// each read. No routing, limits, metrics, request ids or logs.
//
//   minimal_beast_server [HOST:PORT] [THREADS]     (defaults 127.0.0.1:0, number of cores)
//
// Prints "listening on HOST:PORT" on stderr, then serves until killed.
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);

asio::awaitable<void> Session(beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    stream.expires_after(kReadTimeout);
    http::request<http::string_body> request;
    co_await http::async_read(stream, buffer, request,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    http::response<http::string_body> response;
    response.version(request.version());
    if (request.method() == http::verb::get && request.target() == "/healthz") {
      response.result(http::status::ok);
      response.set(http::field::content_type, "application/json");
      response.body() = R"({"status":"ok"})";
    } else {
      response.result(http::status::not_found);
    }
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !response.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> Accept(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), Session(beast::tcp_stream(std::move(socket))),
                   asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = argc > 1 ? argv[1] : "127.0.0.1:0";
  int threads = argc > 2 ? std::stoi(argv[2]) : 0;
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "usage: %s [HOST:PORT] [THREADS]\n", argv[0]);
    return 2;
  }
  tcp::endpoint endpoint(asio::ip::make_address(listen.substr(0, colon)),
                         static_cast<uint16_t>(std::stoi(listen.substr(colon + 1))));

  asio::io_context io(threads);
  tcp::acceptor acceptor(io, endpoint);
  std::fprintf(stderr, "listening on %s:%d\n", endpoint.address().to_string().c_str(),
               acceptor.local_endpoint().port());
  asio::co_spawn(io, Accept(acceptor), asio::detached);
  std::vector<std::thread> others;
  for (int i = 1; i < threads; ++i) others.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : others) thread.join();
}
