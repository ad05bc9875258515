#include "core/json_writer.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

// What the writer gives for `value` written through its typed calls.
std::string Written(const Json& value) {
  std::string out;
  JsonWriter w(out);
  // Recursion over the tree, choosing the call a handler would make for each node.
  std::function<void(const Json&)> write = [&](const Json& v) {
    if (v.is_object()) {
      w.BeginObject();
      for (const auto& [key, item] : v.items()) {
        w.Key(key);
        write(item);
      }
      w.EndObject();
    } else if (v.is_array()) {
      w.BeginArray();
      for (const Json& item : v) write(item);
      w.EndArray();
    } else if (v.is_string()) {
      w.String(v.get<std::string>());
    } else if (v.is_number_float()) {
      w.Double(v.get<double>());
    } else if (v.is_number_integer()) {
      w.Int(v.get<int64_t>());
    } else if (v.is_boolean()) {
      w.Bool(v.get<bool>());
    } else {
      w.Null();
    }
  };
  write(value);
  return out;
}

TEST(JsonWriterTest, WritesWhatDumpWritesForTheSameValues) {
  Json doc = {
      {"plain", "user-42"},
      {"escapes", "quote \" backslash \\ newline \n tab \t bell \x07 nul-free \x1f end"},
      {"unicode", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
      {"ints", {0, -1, 42, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}},
      {"doubles", {0.0, -0.0, 0.1, 59.5, 60.0, 1.0 / 3, 12.34, -7.25, 1e-4, 123456789012.5,
                   1e-7, 1e15, 1e300, std::numeric_limits<double>::quiet_NaN()}},
      {"flags", {true, false, nullptr}},
      {"empty_object", Json::object()},
      {"empty_array", Json::array()},
      {"nested", {{"a", {{"b", {1, {{"c", "d"}}}}}}}},
  };
  EXPECT_EQ(Written(doc), doc.dump());
}

TEST(JsonWriterTest, EscapesACharacterAtAnyPositionOfAString) {
  // Strings are scanned eight bytes at a time: put each character that needs escaping (and
  // bytes next to them in value, and UTF-8) at every offset of strings of many lengths.
  const std::string specials[] = {"\"", "\\", "\n", "\x01", "\x1f", std::string(1, '\0')};
  const std::string neighbours[] = {" ", "!", "#", "[", "]", "\x7f", "\xc3\xa9"};
  for (size_t length = 0; length <= 24; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (const std::string& special : specials) {
        std::string text(length, 'a');
        text.insert(at, special);
        EXPECT_EQ(Written(Json(text)), Json(text).dump()) << "length " << length << " at " << at;
      }
      for (const std::string& plain : neighbours) {
        std::string text(length, 'b');
        text.insert(at, plain);
        EXPECT_EQ(Written(Json(text)), Json(text).dump()) << "length " << length << " at " << at;
      }
    }
  }
}

TEST(JsonWriterTest, ValueEmbedsATreeInPlace) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray();
  w.Value({{"k", "v"}});
  w.Int(1);
  w.Value(Json::array());
  w.EndArray();
  EXPECT_EQ(out, R"([{"k":"v"},1,[]])");
}

}  // namespace
}  // namespace sessiond::core
