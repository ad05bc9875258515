#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/civil_time.hpp"
#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace sessiond::store {

// Tags the JSON alternative of Value, since nlohmann::json converts from almost anything.
struct JsonValue {
  core::Json json;
  // The value already serialized (core::JsonWriter, or a dump() shared by several
  // statements): bound as it is instead of `json`. Must be valid JSON.
  std::optional<std::string> text;
};

// One value bound to a `?` placeholder. Each backend converts it to its native column type
// (PostgreSQL: text, int8, float8, bool, timestamptz, date, uuid, jsonb; SQLite: text,
// integer, real).
class Value {
 public:
  using Variant = std::variant<std::monostate, std::string, int64_t, double, bool, core::Timestamp,
                               core::Date, core::Uuid, JsonValue>;

  Value() = default;  // SQL NULL
  Value(std::nullptr_t) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(int v) : v_(int64_t{v}) {}
  Value(int64_t v) : v_(v) {}
  Value(double v) : v_(v) {}
  Value(bool v) : v_(v) {}
  Value(core::Timestamp v) : v_(v) {}
  Value(core::Date v) : v_(v) {}
  Value(core::Uuid v) : v_(v) {}
  Value(JsonValue v) : v_(std::move(v)) {}
  template <typename T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  const Variant& variant() const { return v_; }
  bool IsNull() const { return std::holds_alternative<std::monostate>(v_); }

 private:
  Variant v_;
};

using Params = std::vector<Value>;

// Spelled at call sites as store::AsJson(params) to bind a jsonb/text JSON column.
inline Value AsJson(core::Json json) { return Value(JsonValue{std::move(json), std::nullopt}); }
// The same for JSON text serialized already.
inline Value AsJsonText(std::string text) {
  return Value(JsonValue{nullptr, std::move(text)});
}

}  // namespace sessiond::store
