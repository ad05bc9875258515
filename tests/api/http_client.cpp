#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sessiond::testing {
namespace beast = boost::beast;
namespace http = beast::http;
using boost::asio::ip::tcp;

std::string HttpResponse::ErrorCode() const {
  nlohmann::json body = Json();
  if (!body.is_object() || !body.contains("error")) return "";
  return body["error"].value("code", "");
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

HttpResponse Request(int port, const HttpRequest& request) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(5));
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), uint16_t(port)));

  http::request<http::string_body> req{http::string_to_verb(request.method), request.target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  if (!request.body.empty() || request.method == "POST" || request.method == "PATCH") {
    req.body() = request.body;
    req.prepare_payload();
  }
  stream.expires_after(std::chrono::seconds(5));
  http::write(stream, req);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  stream.expires_after(std::chrono::seconds(5));
  http::read(stream, buffer, parser);
  const auto& res = parser.get();

  HttpResponse out;
  out.status = int(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (char& c : name) c = char(std::tolower(c));
    out.headers[name] = std::string(field.value());
  }
  out.body = res.body();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return out;
}

std::optional<HttpResponse> TryRequest(int port, const std::string& method,
                                       const std::string& target) {
  try {
    return Request(port, {method, target, {}, ""});
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

HttpResponse Get(int port, const std::string& target, const std::string& token) {
  HttpRequest request{"GET", target, {}, ""};
  if (!token.empty()) request.headers["Authorization"] = "Bearer " + token;
  return Request(port, request);
}

HttpResponse PostJson(int port, const std::string& target, const std::string& body,
                      const std::string& token) {
  HttpRequest request{"POST", target, {{"Content-Type", "application/json"}}, body};
  if (!token.empty()) request.headers["Authorization"] = "Bearer " + token;
  return Request(port, request);
}

HttpResponse Client::Send(const std::string& method, const std::string& target,
                          const nlohmann::json& body) const {
  HttpRequest request{method, target, {{"Authorization", "Bearer " + token_}}, ""};
  if (!body.is_null()) {
    request.headers["Content-Type"] = "application/json";
    request.body = body.dump();
  }
  return Request(port_, request);
}

}  // namespace sessiond::testing
