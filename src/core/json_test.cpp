#include "core/json.hpp"

#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

Json Parse(std::string_view text) {
  Result<Json> json = ParseJson(text);
  EXPECT_TRUE(json.ok()) << json.error().ToString();
  return json.ok() ? *json : Json();
}

// An error in one line: "unprocessable ttl token=-5", "bad_request name", "ok".
std::string Print(const std::optional<Error>& error) {
  if (!error) return "ok";
  std::string text(ErrorCodeName(error->code));
  if (error->details.contains("field")) text += " " + error->details["field"].get<std::string>();
  if (error->details.contains("token")) {
    text += " token=" + error->details["token"].get<std::string>();
  }
  return text;
}

TEST(ParseJson, ParsesAnyJsonValue) {
  EXPECT_EQ(Parse(R"({"name":"nightly","count":3})"), Json({{"name", "nightly"}, {"count", 3}}));
  EXPECT_EQ(Parse("[1,2]"), Json::array({1, 2}));
  EXPECT_EQ(Parse(" \"text\" "), Json("text"));
}

TEST(ParseJson, RejectsMalformedJsonWithTheOffset) {
  struct Case {
    std::string_view text;
    int offset;  // bytes read up to and including the offending one, as nlohmann counts
  };
  const Case cases[] = {
      {"", 1},        {"{", 2},   {R"({"a":1,})", 8},  {R"({"name": "x", oops})", 15},
      {"[1,2", 5},    {"nul", 4}, {R"({"a":1} x)", 9}, {R"({"a" 1})", 6},
      {"{'a':1}", 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Json> json = ParseJson(c.text);
    ASSERT_FALSE(json.ok());
    EXPECT_EQ(json.error().code, ErrorCode::kBadRequest);
    ASSERT_TRUE(json.error().details.contains("offset")) << json.error().ToString();
    EXPECT_EQ(json.error().details["offset"], c.offset);
  }
}

TEST(ParseJson, RejectsNumbersBeyondDoubleRangeAsBadRequest) {
  // nlohmann reports these with a different exception than syntax errors; they must not
  // escape as exceptions.
  for (std::string_view text : {"1e400", "-1e400", R"({"ttl": 1e999})"}) {
    SCOPED_TRACE(text);
    Result<Json> json = ParseJson(text);
    ASSERT_FALSE(json.ok());
    EXPECT_EQ(json.error().code, ErrorCode::kBadRequest);
  }
}

TEST(ObjectReader, ReadsEveryKindOfField) {
  Json body = Parse(R"({
    "name": "nightly", "note": "n", "count": 3, "enabled": true,
    "ttl_seconds": 90, "ttl_text": "15m", "at": "2026-11-21T20:04:00+01:00",
    "params": {"url": "https://example.com"}
  })");
  ObjectReader in(body);
  EXPECT_EQ(in.RequiredString("name"), "nightly");
  EXPECT_EQ(in.OptionalString("note"), "n");
  EXPECT_EQ(in.OptionalInt("count", 0, 10), 3);
  EXPECT_EQ(in.OptionalBool("enabled"), true);
  EXPECT_EQ(in.OptionalDuration("ttl_seconds"), Duration::Seconds(90));
  EXPECT_EQ(in.OptionalDuration("ttl_text"), Duration::Minutes(15));
  std::optional<Timestamp> at = in.OptionalTimestamp("at");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->ToRfc3339(), "2026-11-21T19:04:00.000Z");
  EXPECT_EQ(in.OptionalObject("params"), Json({{"url", "https://example.com"}}));
  EXPECT_EQ(Print(in.Finish()), "ok");
}

TEST(ObjectReader, AbsentAndNullOptionalFieldsAreEmpty) {
  Json body = Parse(R"({"note": null, "count": null, "ttl": null, "at": null, "params": null})");
  ObjectReader in(body);
  EXPECT_EQ(in.OptionalString("note"), std::nullopt);
  EXPECT_EQ(in.OptionalInt("count", 0, 10), std::nullopt);
  EXPECT_EQ(in.OptionalDuration("ttl"), std::nullopt);
  EXPECT_EQ(in.OptionalTimestamp("at"), std::nullopt);
  EXPECT_EQ(in.OptionalObject("params"), std::nullopt);
  EXPECT_EQ(in.OptionalBool("enabled"), std::nullopt);
  EXPECT_EQ(in.OptionalString("missing"), std::nullopt);
  EXPECT_EQ(Print(in.Finish()), "ok");
}

TEST(ObjectReader, RequiredFieldMissingOrNullIsUnprocessable) {
  for (std::string_view text : {R"({})", R"({"name": null})"}) {
    SCOPED_TRACE(text);
    Json body = Parse(text);
    ObjectReader in(body);
    EXPECT_EQ(in.RequiredString("name"), std::nullopt);
    std::optional<Error> error = in.Finish();
    EXPECT_EQ(Print(error), "unprocessable name");
    ASSERT_TRUE(error);
    EXPECT_NE(error->message.find("name is required"), std::string::npos) << error->message;
  }
}

// One field read one way from a one-field object: what the reader reports.
struct FieldCase {
  std::string_view body;
  std::string_view expected;
};

template <typename Read>
void ExpectFieldErrors(const FieldCase* begin, const FieldCase* end, Read read) {
  for (const FieldCase* c = begin; c != end; ++c) {
    SCOPED_TRACE(c->body);
    Json body = Parse(c->body);
    ObjectReader in(body);
    read(in);
    EXPECT_EQ(Print(in.Finish()), c->expected);
  }
}

TEST(ObjectReader, WrongJsonTypeIsBadRequestNamingTheField) {
  const FieldCase strings[] = {
      {R"({"f": 5})", "bad_request f"},
      {R"({"f": true})", "bad_request f"},
      {R"({"f": ["a"]})", "bad_request f"},
      {R"({"f": {"a": 1}})", "bad_request f"},
  };
  ExpectFieldErrors(std::begin(strings), std::end(strings),
                    [](ObjectReader& in) { EXPECT_EQ(in.RequiredString("f"), std::nullopt); });
  ExpectFieldErrors(std::begin(strings), std::end(strings),
                    [](ObjectReader& in) { EXPECT_EQ(in.OptionalString("f"), std::nullopt); });

  const FieldCase ints[] = {
      {R"({"f": "5"})", "bad_request f"}, {R"({"f": 5.5})", "bad_request f"},
      {R"({"f": 5.0})", "bad_request f"}, {R"({"f": true})", "bad_request f"},
      {R"({"f": [5]})", "bad_request f"},
  };
  ExpectFieldErrors(std::begin(ints), std::end(ints),
                    [](ObjectReader& in) { EXPECT_EQ(in.OptionalInt("f", 0, 10), std::nullopt); });

  const FieldCase bools[] = {
      {R"({"f": "true"})", "bad_request f"},
      {R"({"f": 1})", "bad_request f"},
  };
  ExpectFieldErrors(std::begin(bools), std::end(bools),
                    [](ObjectReader& in) { EXPECT_EQ(in.OptionalBool("f"), std::nullopt); });

  const FieldCase durations[] = {
      {R"({"f": 1.5})", "bad_request f"},
      {R"({"f": true})", "bad_request f"},
      {R"({"f": {"seconds": 1}})", "bad_request f"},
  };
  ExpectFieldErrors(std::begin(durations), std::end(durations),
                    [](ObjectReader& in) { EXPECT_EQ(in.OptionalDuration("f"), std::nullopt); });

  const FieldCase timestamps[] = {
      {R"({"f": 1795000000})", "bad_request f"},
      {R"({"f": {}})", "bad_request f"},
  };
  ExpectFieldErrors(std::begin(timestamps), std::end(timestamps),
                    [](ObjectReader& in) { EXPECT_EQ(in.OptionalTimestamp("f"), std::nullopt); });

  const FieldCase objects[] = {
      {R"({"f": []})", "bad_request f"},
      {R"({"f": "x"})", "bad_request f"},
  };
  ExpectFieldErrors(std::begin(objects), std::end(objects),
                    [](ObjectReader& in) { EXPECT_EQ(in.OptionalObject("f"), std::nullopt); });
}

TEST(ObjectReader, IntegerOutOfRangeIsUnprocessableQuotingTheValue) {
  const FieldCase cases[] = {
      {R"({"f": 0})", "unprocessable f token=0"},
      {R"({"f": 1})", "ok"},
      {R"({"f": 10})", "ok"},
      {R"({"f": 11})", "unprocessable f token=11"},
      {R"({"f": -1})", "unprocessable f token=-1"},
      {R"({"f": 9223372036854775807})", "unprocessable f token=9223372036854775807"},
      {R"({"f": 18446744073709551615})", "unprocessable f token=18446744073709551615"},
      {R"({"f": -9223372036854775808})", "unprocessable f token=-9223372036854775808"},
  };
  ExpectFieldErrors(std::begin(cases), std::end(cases),
                    [](ObjectReader& in) { (void)in.OptionalInt("f", 1, 10); });

  Json body = Parse(R"({"f": 11})");
  ObjectReader in(body);
  (void)in.OptionalInt("f", 1, 10);
  std::optional<Error> error = in.Finish();
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("between 1 and 10"), std::string::npos) << error->message;
}

TEST(ObjectReader, IntegerAcceptsTheFull64BitRange) {
  Json body = Parse(R"({"lo": -9223372036854775808, "hi": 9223372036854775807})");
  ObjectReader in(body);
  EXPECT_EQ(in.OptionalInt("lo", INT64_MIN, INT64_MAX), INT64_MIN);
  EXPECT_EQ(in.OptionalInt("hi", INT64_MIN, INT64_MAX), INT64_MAX);
  EXPECT_EQ(Print(in.Finish()), "ok");
}

TEST(ObjectReader, DurationIsSecondsOrAString) {
  struct Case {
    std::string_view body;
    std::optional<Duration> expected;
  };
  const Case cases[] = {
      {R"({"ttl": 0})", Duration()},
      {R"({"ttl": 90})", Duration::Seconds(90)},
      {R"({"ttl": "90"})", Duration::Seconds(90)},
      {R"({"ttl": "90s"})", Duration::Seconds(90)},
      {R"({"ttl": "500ms"})", Duration::Millis(500)},
      {R"({"ttl": "2h"})", Duration::Hours(2)},
      {R"({"ttl": "7d"})", Duration::Days(7)},
      {R"({"ttl": 9223372036854})", Duration::Seconds(9'223'372'036'854)},  // the largest
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    Json body = Parse(c.body);
    ObjectReader in(body);
    EXPECT_EQ(in.OptionalDuration("ttl"), c.expected);
    EXPECT_EQ(Print(in.Finish()), "ok");
  }
}

TEST(ObjectReader, BadDurationIsUnprocessableQuotingTheValue) {
  const FieldCase cases[] = {
      {R"({"ttl": "soon"})", "unprocessable ttl token=soon"},
      {R"({"ttl": "-5s"})", "unprocessable ttl token=-5s"},
      {R"({"ttl": "5x"})", "unprocessable ttl token=5x"},
      {R"({"ttl": ""})", "unprocessable ttl"},
      {R"({"ttl": -5})", "unprocessable ttl token=-5"},
      // Seconds that do not fit in 64 bits of microseconds.
      {R"({"ttl": 9223372036855})", "unprocessable ttl token=9223372036855"},
      {R"({"ttl": 9223372036854775807})", "unprocessable ttl token=9223372036854775807"},
      {R"({"ttl": 18446744073709551615})", "unprocessable ttl token=18446744073709551615"},
      {R"({"ttl": -9223372036854775808})", "unprocessable ttl token=-9223372036854775808"},
  };
  ExpectFieldErrors(std::begin(cases), std::end(cases),
                    [](ObjectReader& in) { EXPECT_EQ(in.OptionalDuration("ttl"), std::nullopt); });
}

TEST(ObjectReader, TimestampMustBeRfc3339) {
  const FieldCase cases[] = {
      {R"({"at": "2026-11-21T19:04:00Z"})", "ok"},
      {R"({"at": "2026-11-21 19:04:00.123456+00"})", "ok"},
      {R"({"at": "yesterday"})", "unprocessable at token=yesterday"},
      {R"({"at": "2026-02-30T00:00:00Z"})", "unprocessable at token=2026-02-30T00:00:00Z"},
      {R"({"at": "2026-11-21T19:04:00"})", "unprocessable at token=2026-11-21T19:04:00"},
  };
  ExpectFieldErrors(std::begin(cases), std::end(cases),
                    [](ObjectReader& in) { (void)in.OptionalTimestamp("at"); });
}

TEST(ObjectReader, UnknownFieldIsUnprocessableNamingIt) {
  Json body = Parse(R"({"name": "x", "colour": "red"})");
  ObjectReader in(body);
  EXPECT_EQ(in.RequiredString("name"), "x");
  std::optional<Error> error = in.Finish();
  EXPECT_EQ(Print(error), "unprocessable colour token=colour");
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("colour"), std::string::npos) << error->message;
}

TEST(ObjectReader, AFieldReadButAbsentIsNotUnknown) {
  Json body = Parse(R"({"name": "x"})");
  ObjectReader in(body);
  (void)in.RequiredString("name");
  (void)in.OptionalString("note");
  EXPECT_EQ(Print(in.Finish()), "ok");
}

TEST(ObjectReader, FirstProblemWins) {
  Json body = Parse(R"({"count": "many", "ttl": "soon", "extra": 1})");
  ObjectReader in(body);
  (void)in.RequiredString("name");
  (void)in.OptionalInt("count", 0, 10);
  (void)in.OptionalDuration("ttl");
  EXPECT_EQ(Print(in.Finish()), "unprocessable name");
}

TEST(ObjectReader, CallerValidationFailsThroughTheReader) {
  Json body = Parse(R"({"cron": "* * *"})");
  ObjectReader in(body);
  std::optional<std::string> cron = in.RequiredString("cron");
  ASSERT_TRUE(cron);
  in.Fail(Error::Field(ErrorCode::kUnprocessable, in.Path("cron"), "needs five fields", *cron));
  in.Fail(Error::Internal("a second failure is ignored"));
  EXPECT_EQ(Print(in.Finish()), "unprocessable cron token=* * *");
}

TEST(ObjectReader, NestedObjectsReportDottedPaths) {
  Json body = Parse(R"({"params": {"method": "GET", "extra": true}})");
  ObjectReader in(body);
  std::optional<Json> params = in.OptionalObject("params");
  ASSERT_TRUE(params);
  ObjectReader nested(*params, in.Path("params"));
  EXPECT_EQ(nested.Path("url"), "params.url");
  (void)nested.RequiredString("url");
  (void)nested.OptionalString("method");
  std::optional<Error> error = nested.Finish();
  EXPECT_EQ(Print(error), "unprocessable params.url");
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("params.url is required"), std::string::npos) << error->message;
  EXPECT_EQ(Print(in.Finish()), "ok");
}

TEST(ObjectReader, NestedProblemsOfEveryKindUseTheDottedPath) {
  struct Case {
    std::string_view params;
    std::string_view expected;
  };
  const Case cases[] = {
      {R"({"url": "u"})", "ok"},
      {R"({"url": 5})", "bad_request params.url"},
      {R"({"url": "u", "retries": 99})", "unprocessable params.retries token=99"},
      {R"({"url": "u", "timeout": "soon"})", "unprocessable params.timeout token=soon"},
      {R"({"url": "u", "extra": 1})", "unprocessable params.extra token=extra"},
      {R"(["url"])", "bad_request params"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    Json params = Parse(c.params);
    ObjectReader nested(params, "params");
    (void)nested.RequiredString("url");
    (void)nested.OptionalInt("retries", 0, 10);
    (void)nested.OptionalDuration("timeout");
    EXPECT_EQ(Print(nested.Finish()), c.expected);
  }
}

TEST(ObjectReader, NonObjectBodyIsBadRequest) {
  for (std::string_view text : {"[]", R"(["name"])", R"("name")", "5", "null", "true"}) {
    SCOPED_TRACE(text);
    Json body = Parse(text);
    ObjectReader in(body);
    EXPECT_EQ(in.RequiredString("name"), std::nullopt);
    EXPECT_EQ(in.OptionalInt("count", 0, 10), std::nullopt);
    EXPECT_EQ(in.OptionalDuration("ttl"), std::nullopt);
    EXPECT_EQ(in.OptionalObject("params"), std::nullopt);
    std::optional<Error> error = in.Finish();
    EXPECT_EQ(Print(error), "bad_request");
    ASSERT_TRUE(error);
    EXPECT_NE(error->message.find("JSON object"), std::string::npos) << error->message;
  }
}

}  // namespace
}  // namespace sessiond::core
