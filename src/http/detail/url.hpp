#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

// Pieces of a request target (RFC 3986), for the router and the request context.
namespace sessiond::http::detail {

// Decoded `name=value` pairs of a query, in order; a name may repeat.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// `target` split at the first '?': the path, and the query without its '?'.
struct TargetParts {
  std::string_view path;
  std::string_view query;
};
TargetParts SplitTarget(std::string_view target);

// Decodes %XX escapes; with `plus_is_space` (query components, HTML form style) also '+'.
// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// The parameters of `query` ("a=1&b=x%20y&flag"). A name without '=' has an empty value;
// empty pieces ("a=1&&b=2") are skipped. kBadRequest with details.field = "query" and
// details.token = the piece when an escape is malformed.
core::Result<QueryParams> ParseQuery(std::string_view query);

// The segments of a path, not decoded: "/v1/jobs/x" -> {"v1", "jobs", "x"}, "/" -> {""},
// "/a/" -> {"a", ""}. Requires: `path` starts with '/'.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace sessiond::http::detail
