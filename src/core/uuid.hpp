#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace sessiond::core {

// A 128-bit identifier written in the canonical 8-4-4-4-12 lowercase hex form.
class Uuid {
 public:
  Uuid() = default;
  explicit Uuid(std::array<uint8_t, 16> bytes) : bytes_(bytes) {}

  // Accepts the canonical form in either case. kUnprocessable otherwise.
  static Result<Uuid> Parse(std::string_view text);

  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  int version() const { return bytes_[6] >> 4; }
  bool IsNil() const { return bytes_ == std::array<uint8_t, 16>{}; }
  std::string ToString() const;

  auto operator<=>(const Uuid&) const = default;

 private:
  std::array<uint8_t, 16> bytes_{};
};

// Makes UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter and
// random bits. Ids from one generator increase strictly, even within one millisecond, so
// they append to B-tree indexes (random v4 keys halved SQLite's insert rate here).
// Thread-safe.
class UuidGenerator {
 public:
  UuidGenerator();
  // `now` is passed in so that ids follow the injected clock.
  Uuid NewV7(Timestamp now);

 private:
  std::mutex mu_;
  std::mt19937_64 random_;     // guarded by mu_
  int64_t last_millis_ = -1;   // guarded by mu_
  uint16_t counter_ = 0;       // guarded by mu_; 12 bits used
};

}  // namespace sessiond::core
