#include "http/detail/url.hpp"

#include <gtest/gtest.h>

#include "http/detail/media_type.hpp"
#include "http/detail/request_id.hpp"

namespace sessiond::http::detail {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusOnlyInQueries) {
  struct Case {
    const char* in;
    bool plus_is_space;
    std::optional<std::string> out;
  };
  const Case cases[] = {
      {"abc", false, "abc"},       {"a%20b", false, "a b"},      {"a+b", false, "a+b"},
      {"a+b", true, "a b"},        {"%2F%2f", false, "//"},      {"100%", false, std::nullopt},
      {"%4", false, std::nullopt}, {"%zz", false, std::nullopt}, {"", false, ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(PercentDecode(c.in, c.plus_is_space), c.out) << c.in;
  }
}

TEST(ParseQuery, GivesDecodedPairsInOrder) {
  core::Result<QueryParams> params = ParseQuery("limit=10&name=a%20b&flag&&q=x+y&limit=20&e=");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(*params, (QueryParams{{"limit", "10"},
                                  {"name", "a b"},
                                  {"flag", ""},
                                  {"q", "x y"},
                                  {"limit", "20"},
                                  {"e", ""}}));
  EXPECT_TRUE(ParseQuery("")->empty());
}

TEST(ParseQuery, MalformedEscapeIsBadRequestNamingThePiece) {
  core::Result<QueryParams> params = ParseQuery("a=1&b=%G1");
  ASSERT_FALSE(params.ok());
  EXPECT_EQ(params.error().code, core::ErrorCode::kBadRequest);
  EXPECT_EQ(params.error().details["field"], "query");
  EXPECT_EQ(params.error().details["token"], "b=%G1");
}

TEST(SplitTarget, SeparatesPathAndQuery) {
  EXPECT_EQ(SplitTarget("/a/b?x=1?y").path, "/a/b");
  EXPECT_EQ(SplitTarget("/a/b?x=1?y").query, "x=1?y");
  EXPECT_EQ(SplitTarget("/a").query, "");
}

TEST(SplitPath, KeepsEmptySegments) {
  EXPECT_EQ(SplitPath("/"), (std::vector<std::string_view>{""}));
  EXPECT_EQ(SplitPath("/v1/jobs"), (std::vector<std::string_view>{"v1", "jobs"}));
  EXPECT_EQ(SplitPath("/v1/jobs/"), (std::vector<std::string_view>{"v1", "jobs", ""}));
}

TEST(IsJsonMediaType, AcceptsJsonWithUtf8OnlyRefusesTheRest) {
  const std::pair<const char*, bool> cases[] = {
      {"application/json", true},
      {"Application/JSON", true},
      {"application/json; charset=utf-8", true},
      {"application/json;charset=\"UTF-8\"", true},
      {"application/json ; foo=bar", true},
      {"application/json; charset=latin1", false},
      {"application/jsonx", false},
      {"text/json", false},
      {"text/plain", false},
      {"application/x-www-form-urlencoded", false},
      {"", false},
  };
  for (const auto& [type, json] : cases) EXPECT_EQ(IsJsonMediaType(type), json) << type;
}

TEST(RequestId, KeepsSaneClientIdsAndReplacesOthers) {
  EXPECT_TRUE(IsUsableRequestId("abc-123"));
  EXPECT_TRUE(IsUsableRequestId(std::string(kMaxRequestIdLength, 'x')));
  EXPECT_FALSE(IsUsableRequestId(""));
  EXPECT_FALSE(IsUsableRequestId(std::string(kMaxRequestIdLength + 1, 'x')));
  EXPECT_FALSE(IsUsableRequestId("has space"));
  EXPECT_FALSE(IsUsableRequestId("tab\there"));

  core::SimulatedClock clock(core::Timestamp::FromSeconds(1'800'000'000));
  RequestIds ids(clock);
  EXPECT_EQ(ids.For("client-id"), "client-id");
  std::string generated = ids.For("bad id");
  core::Result<core::Uuid> uuid = core::Uuid::Parse(generated);
  ASSERT_TRUE(uuid.ok()) << generated;
  EXPECT_EQ(uuid->version(), 7);
  EXPECT_NE(ids.For(""), generated);
}

}  // namespace
}  // namespace sessiond::http::detail
