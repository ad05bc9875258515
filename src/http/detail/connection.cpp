#include "http/detail/connection.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <limits>

#include <spdlog/spdlog.h>
#include <boost/asio/buffer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

#include "http/detail/connection_tracker.hpp"
#include "http/detail/response_head.hpp"
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
  if (streaming_) {
    streaming_->Stop();
    return;
  }
  // The first bytes of a request that came before the stop make it a request in flight,
  // served like any other: those still in the socket (available) are left to the pending
  // read; a read that already took them has its completion queued behind us on the strand,
  // which a cancel does not undo (a close would). A read still waiting for its first byte
  // ends with operation_aborted, and ServeRequest closes the connection.
  beast::error_code ec;
  if (idle_ && stream_.socket().available(ec) == 0) stream_.cancel();
}

void Connection::Close() { stream_.close(); }

asio::awaitable<void> Connection::ServeRequests() {
  for (;;) {
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

bool Connection::ParseBuffered(RequestParser& parser, beast::error_code& ec) {
  while (buffer_.size() > 0 && !parser.is_done()) {
    size_t used = parser.put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec) return false;
  }
  return true;
}

asio::awaitable<Connection::Next> Connection::ServeRequest() {
  RequestParser parser;
  parser.header_limit(HeaderLimit(env_.config.header_limit));
  // Beast refuses a Content-Length above this as soon as the header is parsed, before any of
  // the body is read; a chunked body fails when it crosses the limit.
  parser.body_limit(env_.config.body_limit);
  parser.eager(true);

  // Bytes already buffered are the start of a pipelined request: no idle wait for it.
  idle_ = buffer_.size() == 0;
  // Stopping: no new request, unless its bytes have already arrived (as in CloseIfIdle).
  beast::error_code available_ec;
  if (idle_ && env_.tracker.stopping() && stream_.socket().available(available_ec) == 0) {
    co_return Next::kClose;
  }
  // Idle, the first byte may take idle_timeout; from then on one deadline covers the whole
  // request, header and body, so a client trickling bytes cannot keep the connection.
  stream_.expires_after((idle_ ? env_.config.idle_timeout : env_.config.read_timeout).ToChrono());

  // The parser is fed from our buffer, and the socket read only when it needs more: the
  // common request arrives in one read and costs one wait, not one per Beast read call.
  beast::error_code ec;
  bool continue_sent = false;
  while (ParseBuffered(parser, ec) && !parser.is_done()) {
    if (parser.is_header_done() && !continue_sent && parser.get().version() >= 11 &&
        beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      // Within limits: tell the client to send the body it is holding back.
      continue_sent = true;
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(stream_, asio::buffer(kContinue), Redirect(ec));
      if (ec) break;
    }
    size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Redirect(ec));
    if (idle_) {
      idle_ = false;
      // Idle timeout, EOF, reset, or closed by Stop: none deserves a log line.
      if (ec) co_return Next::kClose;
      stream_.expires_after(env_.config.read_timeout.ToChrono());
    }
    if (ec) break;
    buffer_.commit(n);
  }
  SteadyClock::time_point started = SteadyClock::now();
  if (ec) co_return co_await Refuse(ec, parser.get(), started);
  stream_.expires_never();  // handlers have no deadline here; they await the store

  InFlight in_flight(env_.metrics.in_flight());
  Request request = parser.release();
  std::string request_id = env_.request_ids.For(request[kRequestIdHeader]);
  RequestContext ctx(std::move(request), std::move(request_id));
  Response response = co_await env_.pipeline.Handle(ctx);

  Exchange exchange{ctx.method(), ctx.method_string(),     ctx.target(), ctx.request_id(),
                    ctx.route(),  ctx.request().version(), started};
  if (response.stream && exchange.method != Method::head) {
    co_await WriteStream(std::move(response), exchange);
    co_return Next::kClose;
  }
  bool keep_alive = ctx.request().keep_alive() && !env_.tracker.stopping();
  bool written = co_await Write(std::move(response), exchange, keep_alive);
  co_return written&& keep_alive ? Next::kKeepAlive : Next::kClose;
}

asio::awaitable<Connection::Next> Connection::Refuse(beast::error_code ec, const Request& partial,
                                                     SteadyClock::time_point started) {
  std::optional<Response> response;
  if (ec == bhttp::error::header_limit) {
    response = HeaderFieldsTooLargeResponse(env_.config.header_limit);
  } else if (ec == bhttp::error::body_limit) {
    core::Error error{
        core::ErrorCode::kPayloadTooLarge,
        "the body is larger than " + std::to_string(env_.config.body_limit) + " bytes"};
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
  Framing framing{exchange.version, keep_alive, exchange.method == Method::head,
                  exchange.request_id};
  std::string head = ResponseHead(response, framing);
  std::array<asio::const_buffer, 2> buffers = {asio::buffer(head), asio::const_buffer()};
  if (SendsBody(response.status, framing)) buffers[1] = asio::buffer(response.body);

  // Recorded before the write: a client that has read this response and asks /metrics
  // next must find it counted.
  Record(exchange, response.status);
  // A client that does not read its response is as slow as one that does not send.
  stream_.expires_after(env_.config.read_timeout.ToChrono());
  beast::error_code ec;
  co_await asio::async_write(stream_, buffers, Redirect(ec));
  stream_.expires_never();
  co_return !ec;
}

asio::awaitable<void> Connection::WriteStream(Response response, const Exchange& exchange) {
  Framing framing{exchange.version, false, false, exchange.request_id, true};
  bool chunked = exchange.version >= 11;
  std::shared_ptr<BodyStream> body = std::move(response.stream);
  streaming_ = body;
  if (env_.tracker.stopping()) body->Stop();  // a stop that came while the handler ran
  std::string piece = ResponseHead(response, framing);
  beast::error_code ec;
  // The status is final once the head is ready: the access log and metrics record it then,
  // since the stream may last for hours.
  Record(exchange, response.status);
  for (;;) {
    // A client that does not read is cut off here, as one that does not send is.
    stream_.expires_after(env_.config.read_timeout.ToChrono());
    co_await asio::async_write(stream_, asio::buffer(piece), Redirect(ec));
    stream_.expires_never();
    if (ec) break;
    std::string next = co_await body->Next();
    if (next.empty()) {
      if (chunked) {
        static constexpr std::string_view kLastChunk = "0\r\n\r\n";
        co_await asio::async_write(stream_, asio::buffer(kLastChunk), Redirect(ec));
      }
      break;
    }
    if (chunked) {
      char size[20];
      int n = std::snprintf(size, sizeof size, "%zx\r\n", next.size());
      piece.assign(size, size_t(n));
      piece += next;
      piece += "\r\n";
    } else {
      piece = std::move(next);
    }
  }
  body->Stop();
  streaming_.reset();
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
  spdlog::info("{} {} {} {:.3f}ms id={}",
               exchange.method_string.empty() ? "-" : exchange.method_string,
               exchange.target.empty() ? "-" : exchange.target, static_cast<unsigned>(status),
               seconds * 1000, exchange.request_id);
}

}  // namespace sessiond::http::detail
