#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/json.hpp"
#include "http/body_stream.hpp"
#include "http/types.hpp"

namespace sessiond::http {

// What a handler answers: a status, header fields and a body. The server adds
// Content-Length, Connection and X-Request-Id when it writes the response.
struct Response {
  StatusCode status = StatusCode::ok;
  Fields headers;
  std::string body;
  // When set, the body is this stream instead of `body`: sent chunked (HTTP/1.1) or until the
  // close (HTTP/1.0), and the connection closes after it.
  std::shared_ptr<BodyStream> stream;

  // `body` serialized, with `Content-Type: application/json`.
  static Response Json(StatusCode status, const core::Json& body);
  // The mapped status and `{"error":{...}}` body of `error` (error_mapping.hpp).
  static Response FromError(const core::Error& error);
  // 204 with no body.
  static Response NoContent();
  // `text` as is, with the given Content-Type.
  static Response Text(StatusCode status, std::string text,
                       std::string_view content_type = "text/plain; charset=utf-8");
  // 200 with `stream` as its body, with the given Content-Type.
  static Response Stream(std::shared_ptr<BodyStream> stream, std::string_view content_type);
};

}  // namespace sessiond::http
