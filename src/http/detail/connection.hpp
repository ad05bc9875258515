#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include "core/config.hpp"
#include "http/detail/http_metrics.hpp"
#include "http/detail/pipeline.hpp"
#include "http/detail/request_id.hpp"
#include "http/response.hpp"

namespace sessiond::http::detail {

class ConnectionTracker;

// What every connection of one server shares. The server owns all of it and outlives its
// connections; `route_series` is indexed by Route::index.
struct ConnectionEnv {
  const core::HttpConfig& config;
  const Pipeline& pipeline;
  HttpMetrics& metrics;
  const std::vector<HttpMetrics::Series*>& route_series;
  RequestIds& request_ids;
  ConnectionTracker& tracker;
};

// One accepted TCP connection, served by one coroutine (Serve) on the connection's own
// strand: requests are read, handled and answered one after another (HTTP/1.1 keep-alive;
// pipelined requests wait their turn). Owned by that coroutine; the tracker holds it weakly.
// Member functions other than Serve run on executor() only (post to it from elsewhere).
//
// Life of a connection:
//   idle     waiting for the first byte of a request, for at most idle_timeout;
//            Stop closes it at once (CloseIfIdle), unless the first bytes have arrived.
//   reading  the header and body of a request, all within read_timeout; limits refused
//            with 431/413 and a lingering close (Refuse).
//   handling the pipeline and the handler; no timeout here (handlers await the store).
//   streaming a BodyStream response, piece by piece, each write within read_timeout; Stop
//            ends the stream (CloseIfIdle), then the connection closes.
//   writing  the response, within read_timeout; then idle again unless the client asked to
//            close, the request was HTTP/1.0 without keep-alive, or the server is stopping.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, const ConnectionEnv& env);

  // The connection's coroutine: serves requests until the connection closes, then leaves
  // the tracker. Takes `self` by value so that the frame keeps the connection alive.
  static boost::asio::awaitable<void> Serve(std::shared_ptr<Connection> self);

  // Closes the connection if it is idle; a busy one closes after its current response.
  void CloseIfIdle();
  // Closes the socket now, whatever the connection is doing.
  void Close();

  boost::asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  enum class Next { kKeepAlive, kClose, kLingeringClose };

  // What the access log and the metrics need of a request, refused or handled.
  // Views into the request, which outlives the Exchange.
  struct Exchange {
    Method method;
    std::string_view method_string;  // as sent; empty when the request line did not parse
    std::string_view target;
    std::string_view request_id;
    const Route* route;  // nullptr when refused before routing or unmatched
    unsigned version;    // 10 or 11
    std::chrono::steady_clock::time_point started;
  };

  using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  boost::asio::awaitable<void> ServeRequests();
  // Reads, handles and answers one request; waits idle first when nothing is buffered.
  boost::asio::awaitable<Next> ServeRequest();
  // Feeds the buffered bytes to `parser`. False with `ec` set when they are refused;
  // true when the request is complete or more bytes are needed.
  bool ParseBuffered(RequestParser& parser, boost::beast::error_code& ec);
  boost::asio::awaitable<Next> Refuse(boost::beast::error_code ec, const Request& partial,
                                      std::chrono::steady_clock::time_point started);
  boost::asio::awaitable<bool> Write(Response response, const Exchange& exchange, bool keep_alive);
  // Writes the head, then every piece of `response.stream` until it ends or the client goes.
  boost::asio::awaitable<void> WriteStream(Response response, const Exchange& exchange);
  boost::asio::awaitable<void> LingeringClose();
  void Record(const Exchange& exchange, StatusCode status);

  const ConnectionEnv& env_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool idle_ = false;  // true while waiting for the first byte of a request
  std::shared_ptr<BodyStream> streaming_;  // the body being streamed, for CloseIfIdle
};

}  // namespace sessiond::http::detail
