#include "core/error.hpp"

namespace sessiond::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest: return "bad_request";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnprocessable: return "unprocessable";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::kTooManyRequests: return "too_many_requests";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Error Error::Field(ErrorCode code, std::string_view field, std::string message,
                   std::string_view token) {
  Error error{code, std::move(message)};
  error.details["field"] = std::string(field);
  if (!token.empty()) error.details["token"] = std::string(token);
  return error;
}

nlohmann::json Error::ToJson() const {
  nlohmann::json body = {{"code", ErrorCodeName(code)}, {"message", message}};
  if (!details.empty()) body["details"] = details;
  return {{"error", std::move(body)}};
}

std::string Error::ToString() const {
  std::string text(ErrorCodeName(code));
  text += ": ";
  text += message;
  if (!details.empty()) {
    text += " ";
    // Tokens quote input byte for byte; do not throw on what is not UTF-8.
    text += details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return text;
}

}  // namespace sessiond::core
