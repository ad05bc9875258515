#pragma once

#include <string_view>

namespace sessiond::http::detail {

// True when a Content-Type value names JSON as we accept it: `application/json` in any case,
// with optional parameters, of which `charset` must be utf-8 (RFC 8259 allows no other).
// "application/json; charset=UTF-8" is JSON; "text/json", "application/jsonx" and
// "application/json; charset=latin1" are not.
bool IsJsonMediaType(std::string_view content_type);

}  // namespace sessiond::http::detail
