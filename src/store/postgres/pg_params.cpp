#include "store/postgres/pg_params.hpp"

#include <charconv>
#include <optional>
#include <type_traits>

#include "store/detail/json_text.hpp"

namespace sessiond::store::postgres {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat; fixed since the types were introduced.
constexpr Oid kUnknownOid = 0;
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kDateOid = 1082;
constexpr Oid kTimestamptzOid = 1184;
constexpr Oid kUuidOid = 2950;
constexpr Oid kJsonbOid = 3802;

template <typename Number>
std::string NumberText(Number n) {
  // to_chars gives the shortest text that reads back as the same double, so no precision
  // is lost on the way to float8.
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  return std::string(buf, end);
}

struct Converted {
  char letter;
  Oid type;
  std::optional<std::string> text;  // nullopt for NULL
};

core::Result<Converted> ConvertOne(const Value& value) {
  return std::visit(
      [](const auto& v) -> core::Result<Converted> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return Converted{'n', kUnknownOid, std::nullopt};
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (v.find('\0') != std::string::npos) {
            return core::Error::Unprocessable("text value contains a NUL byte");
          }
          return Converted{'t', kTextOid, v};
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return Converted{'i', kInt8Oid, NumberText(v)};
        } else if constexpr (std::is_same_v<T, double>) {
          return Converted{'d', kFloat8Oid, NumberText(v)};
        } else if constexpr (std::is_same_v<T, bool>) {
          return Converted{'b', kBoolOid, std::string(v ? "true" : "false")};
        } else if constexpr (std::is_same_v<T, core::Timestamp>) {
          return Converted{'T', kTimestamptzOid, v.ToRfc3339Micros()};
        } else if constexpr (std::is_same_v<T, core::Date>) {
          return Converted{'D', kDateOid, v.ToString()};
        } else if constexpr (std::is_same_v<T, core::Uuid>) {
          return Converted{'U', kUuidOid, v.ToString()};
        } else {
          static_assert(std::is_same_v<T, JsonValue>);
          core::Result<std::string> text = detail::JsonText(v);
          if (!text) return text.error();
          return Converted{'J', kJsonbOid, std::move(*text)};
        }
      },
      value.variant());
}

}  // namespace

core::Result<PgParams> ConvertParams(const Params& params) {
  PgParams out;
  out.signature.reserve(params.size());
  out.types.reserve(params.size());
  out.texts.reserve(params.size());
  out.nulls.reserve(params.size());
  for (const Value& value : params) {
    core::Result<Converted> converted = ConvertOne(value);
    if (!converted) return converted.error();
    out.signature += converted->letter;
    out.types.push_back(converted->type);
    out.nulls.push_back(!converted->text.has_value());
    out.texts.push_back(std::move(converted->text).value_or(std::string()));
  }
  return out;
}

std::vector<const char*> PgParams::ValuePointers() const {
  std::vector<const char*> values;
  values.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) values.push_back(nulls[i] ? nullptr : texts[i].c_str());
  return values;
}

}  // namespace sessiond::store::postgres
