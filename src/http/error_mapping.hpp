#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "http/response.hpp"
#include "http/types.hpp"

// The one place where an error becomes an HTTP response (STYLE.md, section 3). Every refusal
// the server makes itself and every error a handler returns goes through ErrorResponse, so
// clients always see the same body: {"error":{"code":...,"message":...,"details":{...}}}.
namespace sessiond::http {

// The status of each code: bad_request 400, unauthorized 401, forbidden 403, not_found 404,
// method_not_allowed 405, conflict 409, payload_too_large 413, unsupported_media_type 415,
// unprocessable 422, too_many_requests 429, internal 500, unavailable 503.
StatusCode HttpStatusFor(core::ErrorCode code);

// The response for `error`: its status, `error.ToJson()` as the body,
// `Content-Type: application/json`; on 401 also `WWW-Authenticate: Bearer`; on 405 an `Allow`
// header listing `error.details.allow` (an array of method names, as Router::Match gives).
Response ErrorResponse(const core::Error& error);

// 431 for request header fields larger than `limit` bytes. The closed set of codes has no
// name for it, so the body says bad_request (malformed request) with details.limit; only the
// status is specific. The one exception to HttpStatusFor.
Response HeaderFieldsTooLargeResponse(uint64_t limit);

}  // namespace sessiond::http
