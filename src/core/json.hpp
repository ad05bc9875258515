#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/duration.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace sessiond::core {

using Json = nlohmann::json;

// Parses a request body. Malformed JSON is kBadRequest with the byte offset in details.
Result<Json> ParseJson(std::string_view text);

// Reads the fields of one JSON object and remembers the first problem, so that a handler
// reads every field in a straight line and checks once:
//
//   ObjectReader in(body);
//   std::optional<std::string> name = in.RequiredString("name");
//   std::optional<Duration> ttl = in.OptionalDuration("ttl");
//   if (auto error = in.Finish()) return *error;
//
// A field of the wrong JSON type is kBadRequest; a value of the right type but out of range
// is kUnprocessable; both name the field (dotted path under `prefix`). Finish() also rejects
// fields that were never read, as unknown. Not thread-safe; lives for one request.
class ObjectReader {
 public:
  explicit ObjectReader(const Json& object, std::string prefix = "");

  std::optional<std::string> RequiredString(std::string_view name);
  std::optional<std::string> OptionalString(std::string_view name);
  std::optional<int64_t> OptionalInt(std::string_view name, int64_t min, int64_t max);
  std::optional<bool> OptionalBool(std::string_view name);
  // A duration given as integer seconds or a string ("90s", "2h").
  std::optional<Duration> OptionalDuration(std::string_view name);
  std::optional<Timestamp> OptionalTimestamp(std::string_view name);
  // Any JSON object, returned as is.
  std::optional<Json> OptionalObject(std::string_view name);
  // Any JSON value but null, for fields that take several types; the caller checks it.
  std::optional<Json> OptionalAny(std::string_view name);

  // Records a problem found by the caller's own validation (first one wins).
  void Fail(Error error);
  // The dotted path of a field of this object, for callers building their own errors.
  std::string Path(std::string_view name) const;

  // The first problem, including unknown fields; nullopt when the object was valid.
  std::optional<Error> Finish();

 private:
  const Json* Find(std::string_view name);

  const Json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> seen_;
  std::optional<Error> error_;
};

}  // namespace sessiond::core
