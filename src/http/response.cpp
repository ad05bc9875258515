#include "http/response.hpp"

#include "http/error_mapping.hpp"

namespace sessiond::http {

Response Response::Json(StatusCode status, const core::Json& body) {
  return Text(status, body.dump(), "application/json");
}

Response Response::FromError(const core::Error& error) { return ErrorResponse(error); }

Response Response::NoContent() { return Response{StatusCode::no_content, {}, {}, nullptr}; }

Response Response::Text(StatusCode status, std::string text, std::string_view content_type) {
  Response response{status, {}, std::move(text), nullptr};
  response.headers.set(Field::content_type, content_type);
  return response;
}

Response Response::Stream(std::shared_ptr<BodyStream> stream, std::string_view content_type) {
  Response response{StatusCode::ok, {}, {}, std::move(stream)};
  response.headers.set(Field::content_type, content_type);
  // Proxies must pass each piece on as it comes rather than buffer the response.
  response.headers.set(Field::cache_control, "no-store");
  response.headers.set("X-Accel-Buffering", "no");
  return response;
}

}  // namespace sessiond::http
