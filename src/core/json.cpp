#include "core/json.hpp"

namespace sessiond::core {

Result<Json> ParseJson(std::string_view text) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    Error error = Error::BadRequest("malformed JSON body");
    error.details["offset"] = e.byte;
    return error;
  } catch (const Json::out_of_range&) {
    // A number beyond double range ("1e400"); nlohmann gives no offset for it.
    return Error::BadRequest("malformed JSON body: a number is out of range");
  }
}

ObjectReader::ObjectReader(const Json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object()) {
    error_ = prefix_.empty() ? Error::BadRequest("the body must be a JSON object")
                             : Error::Field(ErrorCode::kBadRequest, prefix_, "must be an object");
  }
}

std::string ObjectReader::Path(std::string_view name) const {
  return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
}

void ObjectReader::Fail(Error error) {
  if (!error_) error_ = std::move(error);
}

const Json* ObjectReader::Find(std::string_view name) {
  if (error_ && !object_.is_object()) return nullptr;
  seen_.emplace(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> ObjectReader::RequiredString(std::string_view name) {
  std::optional<std::string> value = OptionalString(name);
  if (!value && object_.is_object() && !object_.contains(name)) {
    Fail(Error::Field(ErrorCode::kUnprocessable, Path(name), Path(name) + " is required"));
  } else if (!value && object_.is_object() && object_.at(std::string(name)).is_null()) {
    Fail(Error::Field(ErrorCode::kUnprocessable, Path(name), Path(name) + " is required"));
  }
  return value;
}

std::optional<std::string> ObjectReader::OptionalString(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(Error::Field(ErrorCode::kBadRequest, Path(name), Path(name) + " must be a string"));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> ObjectReader::OptionalInt(std::string_view name, int64_t min, int64_t max) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(Error::Field(ErrorCode::kBadRequest, Path(name), Path(name) + " must be an integer"));
    return std::nullopt;
  }
  int64_t value = v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX)
                      ? INT64_MAX
                      : v->get<int64_t>();
  if (value < min || value > max) {
    Fail(Error::Field(ErrorCode::kUnprocessable, Path(name),
                      Path(name) + " must be between " + std::to_string(min) + " and " +
                          std::to_string(max),
                      v->dump()));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ObjectReader::OptionalBool(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(Error::Field(ErrorCode::kBadRequest, Path(name), Path(name) + " must be a boolean"));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<Duration> ObjectReader::OptionalDuration(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) {
    // Non-negative numbers arrive unsigned; reading them as int64_t would wrap the largest.
    if (!v->is_number_unsigned() && v->get<int64_t>() < 0) {
      Fail(Error::Field(ErrorCode::kUnprocessable, Path(name), Path(name) + " must not be negative",
                        v->dump()));
      return std::nullopt;
    }
    // Beyond this many seconds the microsecond count overflows int64_t.
    constexpr uint64_t kMaxSeconds = uint64_t(INT64_MAX) / 1'000'000;
    if (v->get<uint64_t>() > kMaxSeconds) {
      Fail(Error::Field(ErrorCode::kUnprocessable, Path(name),
                        Path(name) + " must be at most " + std::to_string(kMaxSeconds) + " seconds",
                        v->dump()));
      return std::nullopt;
    }
    return Duration::Seconds(v->get<int64_t>());
  }
  if (!v->is_string()) {
    Fail(Error::Field(ErrorCode::kBadRequest, Path(name),
                      Path(name) + " must be seconds or a string such as \"90s\""));
    return std::nullopt;
  }
  Result<Duration> parsed = Duration::Parse(v->get<std::string>());
  if (!parsed) {
    Fail(Error::Field(ErrorCode::kUnprocessable, Path(name), parsed.error().message,
                      v->get<std::string>()));
    return std::nullopt;
  }
  return *parsed;
}

std::optional<Timestamp> ObjectReader::OptionalTimestamp(std::string_view name) {
  std::optional<std::string> text = OptionalString(name);
  if (!text) return std::nullopt;
  Result<Timestamp> parsed = Timestamp::Parse(*text);
  if (!parsed) {
    Fail(Error::Field(ErrorCode::kUnprocessable, Path(name), parsed.error().message, *text));
    return std::nullopt;
  }
  return *parsed;
}

std::optional<Json> ObjectReader::OptionalObject(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    Fail(Error::Field(ErrorCode::kBadRequest, Path(name), Path(name) + " must be an object"));
    return std::nullopt;
  }
  return *v;
}

std::optional<Json> ObjectReader::OptionalAny(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  return *v;
}

std::optional<Error> ObjectReader::Finish() {
  if (error_) return error_;
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) {
      return Error::Field(ErrorCode::kUnprocessable, Path(key), "unknown field " + Path(key), key);
    }
  }
  return std::nullopt;
}

}  // namespace sessiond::core
