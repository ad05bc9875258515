#include "scheduler/tasks/http_request_spec.hpp"

namespace sessiond::scheduler {
namespace {

constexpr const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};

core::Error Invalid(const std::string& field, const std::string& message, const std::string& token) {
  return core::Error::Field(core::ErrorCode::kUnprocessable, "params." + field, message, token);
}

// Splits "http://host:port/path?query" into the spec; the port defaults by scheme.
core::Result<void> ParseUrl(const std::string& url, HttpRequestSpec& spec) {
  std::string rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    spec.tls = true;
    rest = url.substr(8);
  } else {
    return Invalid("url", "url must start with http:// or https://", url);
  }
  size_t path = rest.find_first_of("/?");
  std::string authority = rest.substr(0, path);
  spec.target = path == std::string::npos ? "/" : rest.substr(path);
  if (spec.target.starts_with("?")) spec.target = "/" + spec.target;
  if (authority.empty() || authority.find('@') != std::string::npos) {
    return Invalid("url", "url must name a host (and no user info)", url);
  }
  spec.port = spec.tls ? "443" : "80";
  if (authority.front() == '[') {  // IPv6 literal
    size_t close = authority.find(']');
    if (close == std::string::npos) return Invalid("url", "unclosed IPv6 address in url", url);
    spec.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Invalid("url", "invalid port in url", url);
      spec.port = authority.substr(close + 2);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    spec.host = authority.substr(0, colon);
    spec.port = authority.substr(colon + 1);
  } else {
    spec.host = authority;
  }
  if (spec.host.empty() || spec.port.empty() ||
      spec.port.find_first_not_of("0123456789") != std::string::npos || spec.port.size() > 5 ||
      std::stoi(spec.port) > 65535) {
    return Invalid("url", "invalid host or port in url", url);
  }
  return core::Ok();
}

}  // namespace

core::Result<HttpRequestSpec> ParseHttpRequestSpec(const core::Json& params) {
  core::ObjectReader reader(params, "params");
  std::optional<std::string> url = reader.RequiredString("url");
  std::optional<std::string> method = reader.OptionalString("method");
  std::optional<core::Json> headers = reader.OptionalObject("headers");
  std::optional<core::Json> body = reader.OptionalAny("body");
  std::optional<int64_t> expect = reader.OptionalInt("expect_status", 100, 599);
  if (std::optional<core::Error> error = reader.Finish()) return *error;

  HttpRequestSpec spec;
  if (core::Result<void> parsed = ParseUrl(*url, spec); !parsed) return parsed.error();
  if (method) {
    bool known = false;
    for (const char* m : kMethods) known = known || *method == m;
    if (!known) {
      return Invalid("method", "method must be GET, POST, PUT, PATCH, DELETE or HEAD", *method);
    }
    spec.method = *method;
  }
  if (headers) {
    for (const auto& [name, value] : headers->items()) {
      if (!value.is_string()) {
        return core::Error::Field(core::ErrorCode::kBadRequest, "params.headers." + name,
                                  "header values must be strings");
      }
      spec.headers[name] = value.get<std::string>();
    }
  }
  if (body) {
    if (body->is_string()) {
      spec.body = body->get<std::string>();
    } else {
      spec.body = body->dump();
      spec.content_type = "application/json";
    }
  }
  if (expect) spec.expect_status = int(*expect);
  return spec;
}

}  // namespace sessiond::scheduler
