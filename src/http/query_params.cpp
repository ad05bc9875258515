#include "http/query_params.hpp"

#include <charconv>

namespace sessiond::http {

core::Result<int64_t> IntQuery(const RequestContext& context, std::string_view name,
                               int64_t fallback, int64_t min, int64_t max) {
  std::optional<std::string> text = context.Query(name);
  if (!text) return fallback;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, name,
                              std::string(name) + " must be an integer from " +
                                  std::to_string(min) + " to " + std::to_string(max),
                              *text);
  }
  return value;
}

core::Result<std::optional<core::Timestamp>> TimeQuery(const RequestContext& context,
                                                       std::string_view name) {
  std::optional<std::string> text = context.Query(name);
  if (!text) return std::optional<core::Timestamp>();
  core::Result<core::Timestamp> parsed = core::Timestamp::Parse(*text);
  if (!parsed) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, name, parsed.error().message, *text);
  }
  return std::optional<core::Timestamp>(*parsed);
}

core::Result<std::optional<core::Uuid>> UuidQuery(const RequestContext& context,
                                                  std::string_view name) {
  std::optional<std::string> text = context.Query(name);
  if (!text) return std::optional<core::Uuid>();
  core::Result<core::Uuid> parsed = core::Uuid::Parse(*text);
  if (!parsed) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, name,
                              std::string(name) + " is not a cursor this server gave", *text);
  }
  return std::optional<core::Uuid>(*parsed);
}

}  // namespace sessiond::http
