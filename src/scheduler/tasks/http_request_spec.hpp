#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/json.hpp"
#include "core/result.hpp"

namespace sessiond::scheduler {

// The http task's params, checked.
struct HttpRequestSpec {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target = "/";
  std::string method = "GET";
  std::map<std::string, std::string> headers;
  std::optional<std::string> body;
  std::string content_type;          // set when body came as JSON
  std::optional<int> expect_status;  // nullopt: any 2xx
};

// Parses and checks the params. Errors name `params.<field>`.
core::Result<HttpRequestSpec> ParseHttpRequestSpec(const core::Json& params);

}  // namespace sessiond::scheduler
