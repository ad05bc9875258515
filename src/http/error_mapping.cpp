#include "http/error_mapping.hpp"

#include <string>

namespace sessiond::http {

StatusCode HttpStatusFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kBadRequest:
      return StatusCode::bad_request;
    case ErrorCode::kUnauthorized:
      return StatusCode::unauthorized;
    case ErrorCode::kForbidden:
      return StatusCode::forbidden;
    case ErrorCode::kNotFound:
      return StatusCode::not_found;
    case ErrorCode::kMethodNotAllowed:
      return StatusCode::method_not_allowed;
    case ErrorCode::kConflict:
      return StatusCode::conflict;
    case ErrorCode::kUnprocessable:
      return StatusCode::unprocessable_entity;
    case ErrorCode::kPayloadTooLarge:
      return StatusCode::payload_too_large;
    case ErrorCode::kUnsupportedMediaType:
      return StatusCode::unsupported_media_type;
    case ErrorCode::kTooManyRequests:
      return StatusCode::too_many_requests;
    case ErrorCode::kUnavailable:
      return StatusCode::service_unavailable;
    case ErrorCode::kInternal:
      return StatusCode::internal_server_error;
  }
  // Unreachable for a valid enumerator; an out-of-range value is a bug, hence a 500.
  return StatusCode::internal_server_error;
}

Response ErrorResponse(const core::Error& error) {
  Response response = Response::Json(HttpStatusFor(error.code), error.ToJson());
  if (error.code == core::ErrorCode::kUnauthorized) {
    // RFC 9110 requires a challenge on every 401; ours is a bearer token (RFC 6750).
    response.headers.set(Field::www_authenticate, "Bearer");
  }
  if (error.code == core::ErrorCode::kMethodNotAllowed) {
    // RFC 9110 requires Allow on every 405, even when empty.
    std::string allow;
    auto methods = error.details.find("allow");
    if (methods != error.details.end() && methods->is_array()) {
      for (const auto& method : *methods) {
        if (!method.is_string()) continue;
        if (!allow.empty()) allow += ", ";
        allow += method.get<std::string>();
      }
    }
    response.headers.set(Field::allow, allow);
  }
  return response;
}

Response HeaderFieldsTooLargeResponse(uint64_t limit) {
  core::Error error = core::Error::BadRequest("request header fields are larger than " +
                                              std::to_string(limit) + " bytes");
  error.details["limit"] = limit;
  Response response = ErrorResponse(error);
  response.status = StatusCode::request_header_fields_too_large;
  return response;
}

}  // namespace sessiond::http
