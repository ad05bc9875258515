#include "http/response.hpp"

#include "http/error_mapping.hpp"

namespace sessiond::http {

Response Response::Json(StatusCode status, const core::Json& body) {
  return Text(status, body.dump(), "application/json");
}

Response Response::FromError(const core::Error& error) { return ErrorResponse(error); }

Response Response::NoContent() { return Response{StatusCode::no_content, {}, {}}; }

Response Response::Text(StatusCode status, std::string text, std::string_view content_type) {
  Response response{status, {}, std::move(text)};
  response.headers.set(Field::content_type, content_type);
  return response;
}

}  // namespace sessiond::http
