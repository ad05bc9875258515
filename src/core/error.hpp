#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sessiond::core {

// The closed set of failure kinds (DESIGN.md, "Errors"). The HTTP layer maps each to one
// status code in one place; every other layer only picks the kind.
enum class ErrorCode {
  kBadRequest,            // 400: malformed syntax (JSON that does not parse, bad header)
  kUnauthorized,          // 401: no credentials, or credentials that do not verify
  kForbidden,             // 403: authenticated, but not allowed
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kConflict,              // 409: a uniqueness or state conflict
  kUnprocessable,         // 422: well-formed but invalid (a field out of range, unknown zone)
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kTooManyRequests,       // 429
  kUnavailable,           // 503: a dependency (the database) is down; retry later
  kInternal,              // 500: a bug
};

// The wire name of a code, e.g. "not_found".
std::string_view ErrorCodeName(ErrorCode code);

// A failure as a value: a code, a human message and optional structured details. Where one
// field of the input is at fault, details.field names it (dotted path) and details.token
// quotes the offending part.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  nlohmann::json details = nlohmann::json::object();

  static Error BadRequest(std::string message) { return {ErrorCode::kBadRequest, std::move(message)}; }
  static Error Unauthorized(std::string message) { return {ErrorCode::kUnauthorized, std::move(message)}; }
  static Error Forbidden(std::string message) { return {ErrorCode::kForbidden, std::move(message)}; }
  static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
  static Error Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
  static Error Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message)}; }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message)}; }
  static Error Unprocessable(std::string message) { return {ErrorCode::kUnprocessable, std::move(message)}; }

  // A field-level failure: `code` is usually kUnprocessable (invalid value) or kBadRequest
  // (wrong JSON type). `token` is omitted from details when empty.
  static Error Field(ErrorCode code, std::string_view field, std::string message,
                     std::string_view token = {});

  // The body sent to clients: {"error":{"code":...,"message":...,"details":{...}}}.
  nlohmann::json ToJson() const;
  // "not_found: no job named x" — for logs and test failure messages.
  std::string ToString() const;
};

}  // namespace sessiond::core
