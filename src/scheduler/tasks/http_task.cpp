#include "scheduler/tasks/http_task.hpp"

#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "scheduler/tasks/http_request_spec.hpp"

namespace sessiond::scheduler {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

// The most of a response body kept in the run's result.
constexpr size_t kBodyExcerpt = 512;

http::request<http::string_body> BuildRequest(const HttpRequestSpec& spec) {
  http::request<http::string_body> request{http::string_to_verb(spec.method), spec.target, 11};
  request.set(http::field::host, spec.host);
  request.set(http::field::user_agent, "sessiond");
  for (const auto& [name, value] : spec.headers) request.set(name, value);
  if (spec.body) {
    if (!spec.content_type.empty() && request.find(http::field::content_type) == request.end()) {
      request.set(http::field::content_type, spec.content_type);
    }
    request.body() = *spec.body;
    request.prepare_payload();
  }
  return request;
}

// Sends the request on `stream` (plain or TLS) and reads the response, all before the stream's
// expiry. Throws beast::system_error on network errors and timeouts.
template <typename Stream>
http::response<http::string_body> Exchange(Stream& stream, const HttpRequestSpec& spec) {
  http::write(stream, BuildRequest(spec));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 20);
  parser.skip(spec.method == "HEAD");
  http::read(stream, buffer, parser);
  return parser.release();
}

http::response<http::string_body> Call(const HttpRequestSpec& spec, std::chrono::microseconds budget) {
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(spec.host, spec.port);
  if (!spec.tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(budget);
    stream.connect(endpoints);
    auto response = Exchange(stream, spec);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return response;
  }
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), spec.host.c_str())) {
    throw beast::system_error(beast::error_code(int(::ERR_get_error()),
                                                boost::asio::error::get_ssl_category()));
  }
  stream.set_verify_callback(ssl::host_name_verification(spec.host));
  beast::get_lowest_layer(stream).expires_after(budget);
  beast::get_lowest_layer(stream).connect(endpoints);
  stream.handshake(ssl::stream_base::client);
  auto response = Exchange(stream, spec);
  beast::error_code ignored;
  stream.shutdown(ignored);  // servers often close without a TLS close_notify
  return response;
}

}  // namespace

std::vector<TaskParam> HttpTask::params() const {
  return {{"url", "string", "http:// or https:// URL to call", nullptr, true},
          {"method", "string", "GET, POST, PUT, PATCH, DELETE or HEAD", "GET", false},
          {"headers", "object", "request headers, name to value", core::Json::object(), false},
          {"body", "string or object", "request body; an object is sent as JSON", nullptr, false},
          {"expect_status", "integer", "the status that counts as success; any 2xx when absent",
           nullptr, false}};
}

core::Result<void> HttpTask::Validate(const core::Json& params) const {
  core::Result<HttpRequestSpec> spec = ParseHttpRequestSpec(params);
  if (!spec) return spec.error();
  return core::Ok();
}

core::Result<core::Json> HttpTask::Run(TaskContext& context) {
  core::Result<HttpRequestSpec> spec = ParseHttpRequestSpec(context.params());
  if (!spec) return spec.error();
  core::Timestamp started = context.clock().Now();
  core::Duration budget = context.deadline() - started;
  if (budget <= core::Duration()) return core::Error::Unavailable("no time left before the timeout");

  http::response<http::string_body> response;
  try {
    response = Call(*spec, budget.ToChrono());
  } catch (const beast::system_error& e) {
    bool timeout = e.code() == beast::error::timeout;
    return core::Error::Unavailable(std::string(timeout ? "request timed out: " : "request failed: ") +
                                    e.code().message());
  }
  double latency_ms = (context.clock().Now() - started).micros() / 1000.0;
  int status = int(response.result_int());
  core::Json result = {{"status", status},
                       {"latency_ms", latency_ms},
                       {"body", response.body().substr(0, kBodyExcerpt)}};
  bool ok = spec->expect_status ? status == *spec->expect_status : status >= 200 && status < 300;
  if (!ok) {
    return core::Error::Unavailable("unexpected status " + std::to_string(status) + " from " +
                                    spec->host + spec->target);
  }
  return result;
}

}  // namespace sessiond::scheduler
