#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"

namespace sessiond::core {

// Appends compact JSON text to a string without building a tree first: for responses of
// thousands of items, where nlohmann's objects cost more than the query that read them.
// The text is what Json::dump() would give for the same values (same escapes, same numbers;
// strings are valid UTF-8, as everything parsed from JSON is), so both can serve one API.
//
//   std::string out;
//   JsonWriter w(out);
//   w.BeginObject();
//   w.Key("items");
//   w.BeginArray();
//   ...
//   w.EndArray();
//   w.EndObject();
//
// The caller keeps the nesting right (the writer places commas and colons only).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);

  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);
  void Bool(bool value);
  void Null();
  // A value already held as a tree (metadata, payloads).
  void Value(const Json& value);

 private:
  // A comma before every value but the first of its array; none after a key.
  void BeforeValue();
  void AppendEscaped(std::string_view text);

  std::string& out_;
  std::vector<char> has_items_;  // per open array or object: something written in it
  bool after_key_ = false;
};

}  // namespace sessiond::core
