#include "store/postgres/pg_params.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace sessiond::store::postgres {
namespace {

TEST(PgParams, DeclaresEachValueWithItsNativeTypeAndTextForm) {
  core::Uuid id = *core::Uuid::Parse("0190f0e2-7b1c-7def-8a12-3456789abcde");
  Params params = {Value(),
                   Value("héllo"),
                   Value(std::numeric_limits<int64_t>::min()),
                   Value(0.1),
                   Value(true),
                   Value(core::Timestamp::FromMicros(1'795'115'040'123'456)),
                   Value(core::Date(2026, 11, 21)),
                   Value(id),
                   AsJson({{"a", 1}})};
  core::Result<PgParams> out = ConvertParams(params);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->signature, "ntidbTDUJ");
  EXPECT_EQ(out->types, (std::vector<Oid>{0, 25, 20, 701, 16, 1184, 1082, 2950, 3802}));
  std::vector<const char*> values = out->ValuePointers();
  EXPECT_EQ(values[0], nullptr);
  EXPECT_STREQ(values[1], "héllo");
  EXPECT_STREQ(values[2], "-9223372036854775808");
  EXPECT_STREQ(values[3], "0.1");
  EXPECT_STREQ(values[4], "true");
  EXPECT_STREQ(values[5], "2026-11-19T19:04:00.123456Z");
  EXPECT_STREQ(values[6], "2026-11-21");
  EXPECT_STREQ(values[7], "0190f0e2-7b1c-7def-8a12-3456789abcde");
  EXPECT_STREQ(values[8], "{\"a\":1}");
}

TEST(PgParams, RefusesTextWithANulByte) {
  core::Result<PgParams> out = ConvertParams({Value(std::string("a\0b", 3))});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, core::ErrorCode::kUnprocessable);
}

TEST(PgParams, RefusesJsonWithInvalidUtf8) {
  core::Result<PgParams> out = ConvertParams({AsJson(core::Json(std::string("\xff")))});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, core::ErrorCode::kUnprocessable);
}

}  // namespace
}  // namespace sessiond::store::postgres
