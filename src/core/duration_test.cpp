#include "core/duration.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

TEST(Duration, ParsesSecondsAndEveryUnitSuffix) {
  struct Case {
    std::string_view text;
    int64_t micros;
  };
  const Case cases[] = {
      {"90", 90'000'000},
      {"0", 0},
      {"90s", 90'000'000},
      {"0s", 0},
      {"500ms", 500'000},
      {"15m", 900'000'000},
      {"2h", 7'200'000'000},
      {"7d", 604'800'000'000},
      {"10us", 10},
      {"007s", 7'000'000},
      // The largest values that still fit in 64 bits of microseconds.
      {"9223372036854775807us", INT64_MAX},
      {"106751991d", int64_t{106751991} * 86'400'000'000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Duration> parsed = Duration::Parse(c.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(parsed->micros(), c.micros);
  }
}

TEST(Duration, RejectsNegativeUnknownUnitMissingNumberAndOverflow) {
  const std::string_view cases[] = {
      "-5s",
      "-1ms",
      "5x",
      "s",
      "",
      "5S",
      "5 s",
      " 5s",
      "5s ",
      "+5s",
      "1.5h",
      "5ms5",
      "5sec",
      "5mss",
      "ms",
      "h2",
      "0x10s",
      "1e3s",
      "9223372036854775808us",  // one past INT64_MAX microseconds
      "9223372036854775807s",   // fits as a number, overflows as microseconds
      "106751992d",             // one day too many
      "99999999999999999999",   // does not fit as a number at all
  };
  for (std::string_view text : cases) {
    SCOPED_TRACE(text);
    Result<Duration> parsed = Duration::Parse(text);
    ASSERT_FALSE(parsed.ok()) << "parsed as " << parsed->ToString();
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnprocessable);
    EXPECT_NE(parsed.error().message.find("'" + std::string(text) + "'"), std::string::npos)
        << "the message quotes the text: " << parsed.error().message;
  }
}

TEST(Duration, ToStringPicksTheLargestExactUnit) {
  struct Case {
    Duration duration;
    std::string_view text;
  };
  const Case cases[] = {
      {Duration(), "0s"},
      {Duration::Days(7), "7d"},
      {Duration::Hours(48), "2d"},
      {Duration::Hours(2), "2h"},
      {Duration::Hours(25), "25h"},
      {Duration::Seconds(3600), "1h"},
      {Duration::Minutes(15), "15m"},
      {Duration::Seconds(90), "90s"},
      {Duration::Millis(1500), "1500ms"},
      {Duration::Millis(1000), "1s"},
      {Duration::Micros(10), "10us"},
      {Duration::Micros(1001), "1001us"},
      {Duration::Seconds(-90), "-90s"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.duration.ToString(), c.text) << c.duration.micros() << "us";
  }
}

TEST(Duration, ToStringParsesBackToTheSameDuration) {
  const Duration cases[] = {Duration(),
                            Duration::Micros(1),
                            Duration::Millis(250),
                            Duration::Seconds(59),
                            Duration::Minutes(61),
                            Duration::Hours(23),
                            Duration::Days(365),
                            Duration::Micros(INT64_MAX)};
  for (Duration d : cases) {
    Result<Duration> parsed = Duration::Parse(d.ToString());
    ASSERT_TRUE(parsed.ok()) << d.ToString() << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, d) << d.ToString();
  }
}

TEST(Duration, ConvertsBetweenUnitsAndAdds) {
  Duration d = Duration::Seconds(90);
  EXPECT_EQ(d.micros(), 90'000'000);
  EXPECT_EQ(d.millis(), 90'000);
  EXPECT_EQ(d.seconds(), 90);
  EXPECT_EQ(d.ToChrono(), std::chrono::seconds(90));
  EXPECT_EQ(Duration::Minutes(1) + Duration::Seconds(30), d);
  EXPECT_EQ(Duration::Minutes(2) - Duration::Seconds(30), d);
  EXPECT_EQ(Duration::Seconds(45) * 2, d);
  EXPECT_LT(Duration::Millis(999), Duration::Seconds(1));
}

}  // namespace
}  // namespace sessiond::core
