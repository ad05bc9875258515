#include "core/error.hpp"

#include <set>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/result.hpp"

namespace sessiond::core {
namespace {

TEST(Error, EveryCodeHasItsWireName) {
  struct Case {
    ErrorCode code;
    std::string_view name;
  };
  const Case cases[] = {
      {ErrorCode::kBadRequest, "bad_request"},
      {ErrorCode::kUnauthorized, "unauthorized"},
      {ErrorCode::kForbidden, "forbidden"},
      {ErrorCode::kNotFound, "not_found"},
      {ErrorCode::kMethodNotAllowed, "method_not_allowed"},
      {ErrorCode::kConflict, "conflict"},
      {ErrorCode::kUnprocessable, "unprocessable"},
      {ErrorCode::kPayloadTooLarge, "payload_too_large"},
      {ErrorCode::kUnsupportedMediaType, "unsupported_media_type"},
      {ErrorCode::kTooManyRequests, "too_many_requests"},
      {ErrorCode::kUnavailable, "unavailable"},
      {ErrorCode::kInternal, "internal"},
  };
  std::set<std::string_view> names;
  for (const Case& c : cases) {
    EXPECT_EQ(ErrorCodeName(c.code), c.name);
    names.insert(ErrorCodeName(c.code));
  }
  EXPECT_EQ(names.size(), std::size(cases)) << "names are distinct";
}

TEST(Error, ShorthandsPickTheirCode) {
  EXPECT_EQ(Error::BadRequest("m").code, ErrorCode::kBadRequest);
  EXPECT_EQ(Error::Unauthorized("m").code, ErrorCode::kUnauthorized);
  EXPECT_EQ(Error::Forbidden("m").code, ErrorCode::kForbidden);
  EXPECT_EQ(Error::NotFound("m").code, ErrorCode::kNotFound);
  EXPECT_EQ(Error::Conflict("m").code, ErrorCode::kConflict);
  EXPECT_EQ(Error::Unavailable("m").code, ErrorCode::kUnavailable);
  EXPECT_EQ(Error::Internal("m").code, ErrorCode::kInternal);
  EXPECT_EQ(Error::Unprocessable("m").code, ErrorCode::kUnprocessable);
  EXPECT_EQ(Error().code, ErrorCode::kInternal);
}

TEST(Error, ToJsonOmitsEmptyDetails) {
  EXPECT_EQ(Error::NotFound("no job named x").ToJson(),
            nlohmann::json::parse(R"({"error":{"code":"not_found","message":"no job named x"}})"));
}

TEST(Error, ToJsonCarriesFieldAndToken) {
  Error error =
      Error::Field(ErrorCode::kUnprocessable, "params.url", "params.url is not a URL", "ftp:/x");
  EXPECT_EQ(error.ToJson(), nlohmann::json::parse(R"({"error":{
      "code":"unprocessable","message":"params.url is not a URL",
      "details":{"field":"params.url","token":"ftp:/x"}}})"));
}

TEST(Error, FieldWithoutTokenNamesOnlyTheField) {
  Error error = Error::Field(ErrorCode::kBadRequest, "name", "name must be a string");
  EXPECT_EQ(error.details, nlohmann::json::parse(R"({"field":"name"})"));
  EXPECT_EQ(error.ToJson()["error"]["code"], "bad_request");
}

TEST(Error, ToStringIsCodeMessageAndDetails) {
  EXPECT_EQ(Error::NotFound("no job named x").ToString(), "not_found: no job named x");
  EXPECT_EQ(Error::Field(ErrorCode::kUnprocessable, "ttl", "bad ttl", "5x").ToString(),
            R"(unprocessable: bad ttl {"field":"ttl","token":"5x"})");
}

TEST(Error, ToStringSurvivesTokensThatAreNotUtf8) {
  // Tokens quote user input (an environment variable, a query parameter) byte for byte.
  Error error = Error::Field(ErrorCode::kUnprocessable, "timezone", "unknown time zone", "Z\xff");
  std::string text;
  ASSERT_NO_THROW(text = error.ToString());
  EXPECT_EQ(text.rfind("unprocessable: unknown time zone {\"field\":\"timezone\",\"token\":\"Z", 0),
            0u)
      << text;
}

TEST(Result, HoldsAValueOrAnError) {
  Result<int> value = 7;
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(static_cast<bool>(value));
  EXPECT_EQ(*value, 7);
  EXPECT_EQ(value.value_or(0), 7);

  Result<int> failed = Error::NotFound("gone");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(failed.value_or(3), 3);

  Result<std::string> text = std::string("abc");
  EXPECT_EQ(text->size(), 3u);
  std::string moved = std::move(text).value();
  EXPECT_EQ(moved, "abc");
}

TEST(Result, StatusIsOkOrAnError) {
  Status ok = Ok();
  EXPECT_TRUE(ok.ok());
  Status failed = Error::Conflict("taken");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "taken");
  Error taken = std::move(failed).error();
  EXPECT_EQ(taken.code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace sessiond::core
