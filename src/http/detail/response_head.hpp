#pragma once

#include <string>
#include <string_view>

#include "http/response.hpp"

namespace sessiond::http::detail {

// How a response goes on the wire besides what the handler set.
struct Framing {
  unsigned version = 11;        // of the request: 10 or 11
  bool keep_alive = true;       // false adds "Connection: close" (HTTP/1.1)
  bool head_request = false;    // HEAD: the header of the GET response, no body
  std::string_view request_id;  // sent as X-Request-Id
  bool streamed = false;        // a BodyStream: chunked (HTTP/1.1), or delimited by the close
};

// True when the body follows the header: not for HEAD, 204 or 304.
bool SendsBody(StatusCode status, const Framing& framing);

// The status line and header fields of `response`, ending with the blank line. Content-Length,
// Connection and X-Request-Id are ours: the handler's are replaced, and Transfer-Encoding is
// dropped (bodies are sent whole, except streamed ones, which we frame). CR and LF in a field value become spaces, so that a
// value taken from input cannot split the response. We write the header ourselves rather
// than with Beast's serializer: it costs a third of what the whole request costs otherwise.
std::string ResponseHead(const Response& response, const Framing& framing);

}  // namespace sessiond::http::detail
