#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "http/request_context.hpp"

namespace sessiond::http {

// Typed reads of query parameters. A value of the wrong form or out of range is
// kUnprocessable naming the parameter in details.field, with the value as details.token.

// An integer in [min, max]; `fallback` when absent.
core::Result<int64_t> IntQuery(const RequestContext& context, std::string_view name,
                               int64_t fallback, int64_t min, int64_t max);
// An RFC 3339 instant; nullopt when absent.
core::Result<std::optional<core::Timestamp>> TimeQuery(const RequestContext& context,
                                                       std::string_view name);
// A UUID (cursors); nullopt when absent.
core::Result<std::optional<core::Uuid>> UuidQuery(const RequestContext& context,
                                                  std::string_view name);

}  // namespace sessiond::http
