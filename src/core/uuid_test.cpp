#include "core/uuid.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

const Timestamp kNow = Timestamp::FromMicros(1'795'000'000'123'456);  // 2026-11-18T11:06:40.123456Z

// The leading 48 bits of a v7 id: Unix milliseconds.
int64_t MillisOf(const Uuid& id) {
  int64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = ms << 8 | id.bytes()[i];
  return ms;
}

// The two variant bits (RFC 9562: 0b10 for these ids).
int VariantOf(const Uuid& id) { return id.bytes()[8] >> 6; }

TEST(Uuid, RoundTripsTheCanonicalForm) {
  const std::string_view cases[] = {
      "0190a5e4-7b2c-7def-8123-456789abcdef",
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "123e4567-e89b-42d3-a456-426614174000",
  };
  for (std::string_view text : cases) {
    Result<Uuid> id = Uuid::Parse(text);
    ASSERT_TRUE(id.ok()) << id.error().ToString();
    EXPECT_EQ(id->ToString(), text);
  }
}

TEST(Uuid, ParsesBytesInOrder) {
  Result<Uuid> id = Uuid::Parse("00112233-4455-6677-8899-aabbccddeeff");
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  const std::array<uint8_t, 16> expected = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                            0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  EXPECT_EQ(id->bytes(), expected);
  EXPECT_EQ(Uuid(expected), *id);
  EXPECT_EQ(id->version(), 6);
}

TEST(Uuid, AcceptsUpperCaseAndWritesLowerCase) {
  Result<Uuid> upper = Uuid::Parse("0190A5E4-7B2C-7DEF-8123-456789ABCDEF");
  ASSERT_TRUE(upper.ok()) << upper.error().ToString();
  EXPECT_EQ(upper->ToString(), "0190a5e4-7b2c-7def-8123-456789abcdef");
  EXPECT_EQ(*upper, *Uuid::Parse("0190a5e4-7b2c-7def-8123-456789abcdef"));
  EXPECT_EQ(upper->version(), 7);
}

TEST(Uuid, DefaultIsNil) {
  EXPECT_TRUE(Uuid().IsNil());
  EXPECT_EQ(Uuid().ToString(), "00000000-0000-0000-0000-000000000000");
  EXPECT_FALSE(Uuid::Parse("00000000-0000-0000-0000-000000000001")->IsNil());
}

TEST(Uuid, RejectsWrongLengthDashesAndDigits) {
  const std::string_view cases[] = {
      "",
      "0190a5e4-7b2c-7def-8123-456789abcde",    // 35 characters
      "0190a5e4-7b2c-7def-8123-456789abcdef0",  // 37 characters
      "0190a5e47b2c7def8123456789abcdef",       // no dashes
      "0190a5e47-b2c-7def-8123-456789abcdef",   // first dash one place late
      "0190a5e-47b2c-7def-8123-456789abcdef",   // first dash one place early
      "0190a5e4-7b2c-7def-81234-56789abcdef",   // last dash moved
      "0190a5e4_7b2c_7def_8123_456789abcdef",   // underscores
      "0190a5e4-7b2c-7def-8123+456789abcdef",
      "0190a5e4-7b2c-7def-8123-456789abcdeg",  // g is not hex
      "x190a5e4-7b2c-7def-8123-456789abcdef",
      "0190a5e4-7b2c-7def-8123-45678 abcdef",
      "0190a5e4-7b2c-7def-8123--56789abcdef",  // a dash where a digit belongs
      "{0190a5e4-7b2c-7def-8123-456789abcde}",
      "urn:uuid:0190a5e4-7b2c-7def-8123-456789abcdef",
      "------------------------------------",
  };
  for (std::string_view text : cases) {
    SCOPED_TRACE(text);
    Result<Uuid> id = Uuid::Parse(text);
    ASSERT_FALSE(id.ok()) << "parsed as " << id->ToString();
    EXPECT_EQ(id.error().code, ErrorCode::kUnprocessable);
    EXPECT_NE(id.error().message.find("'" + std::string(text) + "'"), std::string::npos)
        << id.error().message;
  }
}

TEST(UuidGenerator, MakesVersion7IdsWithTheRfc9562Variant) {
  UuidGenerator generator;
  for (int i = 0; i < 100; ++i) {
    Uuid id = generator.NewV7(kNow + Duration::Millis(i));
    EXPECT_EQ(id.version(), 7) << id.ToString();
    EXPECT_EQ(id.ToString()[14], '7') << id.ToString();
    EXPECT_EQ(VariantOf(id), 0b10) << id.ToString();
    EXPECT_TRUE(std::string("89ab").find(id.ToString()[19]) != std::string::npos) << id.ToString();
    EXPECT_TRUE(Uuid::Parse(id.ToString()).ok());
  }
}

TEST(UuidGenerator, LeadingBitsAreTheMillisecondTimestamp) {
  UuidGenerator generator;
  Uuid id = generator.NewV7(kNow);
  EXPECT_EQ(MillisOf(id), 1'795'000'000'123);
  // 1795000000123 = 0x01a1ee565e7b: the first 12 hex digits of the text form.
  EXPECT_EQ(id.ToString().substr(0, 13), "01a1ee56-5e7b");
}

TEST(UuidGenerator, IdsIncreaseStrictlyWithinOneMillisecond) {
  UuidGenerator generator;
  Uuid previous = generator.NewV7(kNow);
  EXPECT_EQ(MillisOf(previous), kNow.micros() / 1000);
  std::string previous_text = previous.ToString();
  for (int i = 1; i < 10'000; ++i) {
    Uuid id = generator.NewV7(kNow);
    ASSERT_GT(id, previous) << "id " << i;
    ASSERT_GT(id.ToString(), previous_text) << "id " << i << ": ids sort as text too";
    ASSERT_EQ(id.version(), 7);
    ASSERT_EQ(VariantOf(id), 0b10);
    // When the 12-bit counter runs out the timestamp field moves ahead; it never falls
    // behind and stays within a few milliseconds for 10,000 ids.
    ASSERT_GE(MillisOf(id), kNow.micros() / 1000);
    ASSERT_LE(MillisOf(id), kNow.micros() / 1000 + 10);
    previous = id;
    previous_text = id.ToString();
  }
}

TEST(UuidGenerator, IdsIncreaseStrictlyAcrossMilliseconds) {
  UuidGenerator generator;
  Uuid previous = generator.NewV7(kNow);
  for (int i = 1; i < 10'000; ++i) {
    Timestamp now = kNow + Duration::Millis(i);
    Uuid id = generator.NewV7(now);
    ASSERT_GT(id, previous) << "id " << i;
    ASSERT_EQ(MillisOf(id), now.micros() / 1000) << "id " << i;
    previous = id;
  }
}

TEST(UuidGenerator, KeepsOrderWhenTheClockStepsBack) {
  UuidGenerator generator;
  Uuid first = generator.NewV7(kNow);
  Uuid after_step_back = generator.NewV7(kNow - Duration::Seconds(1));
  EXPECT_GT(after_step_back, first);
  EXPECT_EQ(MillisOf(after_step_back), MillisOf(first));
  Uuid caught_up = generator.NewV7(kNow + Duration::Millis(1));
  EXPECT_GT(caught_up, after_step_back);
  EXPECT_EQ(MillisOf(caught_up), kNow.micros() / 1000 + 1);
}

TEST(UuidGenerator, SeparateGeneratorsDoNotCollide) {
  UuidGenerator a;
  UuidGenerator b;
  std::set<Uuid> ids;
  for (int i = 0; i < 1000; ++i) {
    ids.insert(a.NewV7(kNow));
    ids.insert(b.NewV7(kNow));
  }
  EXPECT_EQ(ids.size(), 2000u);
}

TEST(UuidGenerator, IsSafeToShareBetweenThreads) {
  UuidGenerator generator;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2500;
  std::vector<std::vector<Uuid>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) made[t].push_back(generator.NewV7(kNow));
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<Uuid> all;
  for (const std::vector<Uuid>& ids : made) {
    // Each thread sees its own ids increase.
    for (size_t i = 1; i < ids.size(); ++i) ASSERT_GT(ids[i], ids[i - 1]);
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), size_t{kThreads * kPerThread});
}

}  // namespace
}  // namespace sessiond::core
