#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace sessiond::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
  // The `error.code` of a JSON error body, or "" when there is none.
  std::string ErrorCode() const;
  std::string Header(const std::string& name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::map<std::string, std::string> headers;
  std::string body;
};

// One request on a new loopback connection (5 s bound on every step). Throws on a transport
// failure; TryRequest returns nullopt instead.
HttpResponse Request(int port, const HttpRequest& request);
std::optional<HttpResponse> TryRequest(int port, const std::string& method,
                                       const std::string& target);

// Shorthands.
HttpResponse Get(int port, const std::string& target, const std::string& token = "");
HttpResponse PostJson(int port, const std::string& target, const std::string& body,
                      const std::string& token = "");

// Requests to one server with one bearer token; a non-null JSON body is sent as
// application/json.
class Client {
 public:
  Client(int port, std::string token) : port_(port), token_(std::move(token)) {}
  HttpResponse Send(const std::string& method, const std::string& target,
                    const nlohmann::json& body = nullptr) const;

 private:
  int port_;
  std::string token_;
};

}  // namespace sessiond::testing
