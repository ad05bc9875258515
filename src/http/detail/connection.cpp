#include "http/detail/connection.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <boost/asio/buffer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "http/detail/connection_tracker.hpp"
#include "http/error_mapping.hpp"

namespace sessiond::http::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 8192;  // bytes asked of the socket at a time
// After refusing a request whose body we did not read, keep reading (and dropping) for a
// while before closing: closing with unread data makes the kernel send a reset, which can
// destroy our error response before the client has read it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 1 << 20;
constexpr std::string_view kRequestIdHeader = "X-Request-Id";

auto Redirect(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

bool IsMalformedRequest(const beast::error_code& ec) {
  // A message cut short by the peer is a closed connection, not a bad request.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return false;
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

uint32_t HeaderLimit(uint64_t limit) {
  return static_cast<uint32_t>(std::min<uint64_t>(limit, std::numeric_limits<uint32_t>::max()));
}

// 204 and 304 carry no body and, per RFC 9110, no Content-Length.
void PreparePayload(bhttp::response<bhttp::string_body>& message) {
  message.erase(bhttp::field::transfer_encoding);
  if (message.result() == StatusCode::no_content || message.result() == StatusCode::not_modified) {
    message.body().clear();
    message.erase(bhttp::field::content_length);
    return;
  }
  message.prepare_payload();
}

class InFlight {
 public:
  explicit InFlight(core::Gauge& gauge) : gauge_(gauge) { gauge_.Add(1); }
  ~InFlight() { gauge_.Add(-1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  core::Gauge& gauge_;
};

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, const ConnectionEnv& env)
    : env_(env), stream_(std::move(socket)) {}

asio::awaitable<void> Connection::Serve(std::shared_ptr<Connection> self) {
  // Leaves the tracker however the coroutine ends: by returning, or destroyed unfinished
  // with the io_context when a stop runs out of grace.
  struct Leave {
    Connection* connection;
    ~Leave() { connection->env_.tracker.Remove(connection); }
  } leave{self.get()};
  co_await self->ServeRequests();
}

void Connection::CloseIfIdle() {
  if (idle_) Close();
}

void Connection::Close() { stream_.close(); }

asio::awaitable<void> Connection::ServeRequests() {
  for (;;) {
    // Bytes already buffered are the start of a pipelined request: no idle wait for it.
    if (buffer_.size() == 0) {
      bool request_coming = co_await AwaitRequest();
      if (!request_coming) break;
    }
    Next next = co_await ServeRequest();
    if (next == Next::kKeepAlive) continue;
    if (next == Next::kLingeringClose) {
      co_await LingeringClose();
      co_return;
    }
    break;
  }
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  stream_.close();
}

asio::awaitable<bool> Connection::AwaitRequest() {
  if (env_.tracker.stopping()) co_return false;
  idle_ = true;
  stream_.expires_after(env_.config.idle_timeout.ToChrono());
  beast::error_code ec;
  size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Redirect(ec));
  idle_ = false;
  // Idle timeout, EOF, reset, or closed by Stop: none deserves a log line.
  if (ec) co_return false;
  buffer_.commit(n);
  co_return true;
}

asio::awaitable<Connection::Next> Connection::ServeRequest() {
  // One deadline for the whole request, header and body: a client trickling bytes cannot
  // keep the connection past read_timeout.
  stream_.expires_after(env_.config.read_timeout.ToChrono());
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(HeaderLimit(env_.config.header_limit));
  // Beast refuses a Content-Length above this as soon as the header is parsed, before any of
  // the body is read; a chunked body fails when it crosses the limit.
  parser.body_limit(env_.config.body_limit);

  beast::error_code ec;
  co_await bhttp::async_read_header(stream_, buffer_, parser, Redirect(ec));
  SteadyClock::time_point started = SteadyClock::now();
  if (!ec && !parser.is_done() && parser.get().version() >= 11 &&
      beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
    // Within limits: tell the client to send the body it is holding back.
    bhttp::response<bhttp::empty_body> go_on{StatusCode::continue_, parser.get().version()};
    co_await bhttp::async_write(stream_, go_on, Redirect(ec));
  }
  if (!ec) co_await bhttp::async_read(stream_, buffer_, parser, Redirect(ec));
  if (ec) co_return co_await Refuse(ec, parser.get(), started);
  stream_.expires_never();  // handlers have no deadline here; they await the store

  InFlight in_flight(env_.metrics.in_flight());
  Request request = parser.release();
  std::string request_id = env_.request_ids.For(request[kRequestIdHeader]);
  RequestContext ctx(std::move(request), std::move(request_id));
  Response response = co_await env_.pipeline.Handle(ctx);

  Exchange exchange{ctx.method(),       ctx.method_string(), ctx.target(), ctx.request_id(),
                    ctx.route(),        ctx.request().version(), started};
  bool keep_alive = ctx.request().keep_alive() && !env_.tracker.stopping();
  bool written = co_await Write(std::move(response), exchange, keep_alive);
  co_return written && keep_alive ? Next::kKeepAlive : Next::kClose;
}

asio::awaitable<Connection::Next> Connection::Refuse(beast::error_code ec, const Request& partial,
                                                     SteadyClock::time_point started) {
  std::optional<Response> response;
  if (ec == bhttp::error::header_limit) {
    response = HeaderFieldsTooLargeResponse(env_.config.header_limit);
  } else if (ec == bhttp::error::body_limit) {
    core::Error error{core::ErrorCode::kPayloadTooLarge,
                      "the body is larger than " + std::to_string(env_.config.body_limit) +
                          " bytes"};
    error.details["limit"] = env_.config.body_limit;
    response = ErrorResponse(error);
  } else if (IsMalformedRequest(ec)) {
    response = ErrorResponse(core::Error::BadRequest("malformed HTTP request: " + ec.message()));
  }
  // Timeout, EOF, reset: nobody is waiting for an answer.
  if (!response) co_return Next::kClose;

  // What was parsed before the failure (method and target, maybe none) goes to the log.
  std::string request_id = env_.request_ids.For(partial[kRequestIdHeader]);
  Exchange exchange{partial.method(), partial.method_string(), partial.target(), request_id,
                    nullptr,          partial.version(),       started};
  co_await Write(std::move(*response), exchange, false);
  co_return Next::kLingeringClose;
}

asio::awaitable<bool> Connection::Write(Response response, const Exchange& exchange,
                                        bool keep_alive) {
  StatusCode status = response.status;
  bhttp::response<bhttp::string_body> message;
  static_cast<Fields&>(message) = std::move(response.headers);
  message.result(status);
  message.version(exchange.version);
  message.set(kRequestIdHeader, exchange.request_id);
  message.body() = std::move(response.body);
  PreparePayload(message);
  // A HEAD response has the GET response's header fields, Content-Length included, and no
  // body: bytes after the header would be taken for the next response.
  if (exchange.method == Method::head) message.body().clear();
  message.keep_alive(keep_alive);

  // A client that does not read its response is as slow as one that does not send.
  stream_.expires_after(env_.config.read_timeout.ToChrono());
  beast::error_code ec;
  co_await bhttp::async_write(stream_, message, Redirect(ec));
  stream_.expires_never();
  Record(exchange, status);
  co_return !ec;
}

asio::awaitable<void> Connection::LingeringClose() {
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  stream_.expires_after(kLingerTime);
  size_t drained = 0;
  while (!ec && drained < kLingerBytes) {
    buffer_.clear();
    drained += co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Redirect(ec));
  }
  stream_.close();
}

void Connection::Record(const Exchange& exchange, StatusCode status) {
  double seconds = std::chrono::duration<double>(SteadyClock::now() - exchange.started).count();
  HttpMetrics::Series* series = nullptr;
  if (exchange.route) {
    series = env_.route_series[exchange.route->index];
  } else {
    // Only known methods become label values: a client must not mint new series at will.
    std::string_view method =
        exchange.method == Method::unknown ? "OTHER" : bhttp::to_string(exchange.method);
    series = &env_.metrics.For(HttpMetrics::kUnmatchedRoute, method);
  }
  series->Record(status, seconds);
  if (!env_.config.access_log) return;
  spdlog::info("{} {} {} {:.3f}ms id={}", exchange.method_string.empty() ? "-" : exchange.method_string,
               exchange.target.empty() ? "-" : exchange.target, static_cast<unsigned>(status),
               seconds * 1000, exchange.request_id);
}

}  // namespace sessiond::http::detail
