#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/json.hpp"
#include "http/types.hpp"

namespace sessiond::http {

// What a handler answers: a status, header fields and a body. The server adds
// Content-Length, Connection and X-Request-Id when it writes the response.
struct Response {
  StatusCode status = StatusCode::ok;
  Fields headers;
  std::string body;

  // `body` serialized, with `Content-Type: application/json`.
  static Response Json(StatusCode status, const core::Json& body);
  // The mapped status and `{"error":{...}}` body of `error` (error_mapping.hpp).
  static Response FromError(const core::Error& error);
  // 204 with no body.
  static Response NoContent();
  // `text` as is, with the given Content-Type.
  static Response Text(StatusCode status, std::string text,
                       std::string_view content_type = "text/plain; charset=utf-8");
};

}  // namespace sessiond::http
