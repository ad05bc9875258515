#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sessiond::core {

// A signed span of time with microsecond resolution. Written by people as integer seconds
// ("90") or a number with one unit suffix: "500ms", "90s", "15m", "2h", "7d".
class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Micros(int64_t us) { return Duration(us); }
  static constexpr Duration Millis(int64_t ms) { return Duration(ms * 1000); }
  static constexpr Duration Seconds(int64_t s) { return Duration(s * 1'000'000); }
  static constexpr Duration Minutes(int64_t m) { return Seconds(m * 60); }
  static constexpr Duration Hours(int64_t h) { return Seconds(h * 3600); }
  static constexpr Duration Days(int64_t d) { return Seconds(d * 86400); }

  // Parses "90", "90s", "500ms", "15m", "2h", "7d". Negative values and overflow are
  // kUnprocessable; the message quotes the text.
  static Result<Duration> Parse(std::string_view text);

  constexpr int64_t micros() const { return us_; }
  constexpr int64_t millis() const { return us_ / 1000; }
  constexpr int64_t seconds() const { return us_ / 1'000'000; }
  std::chrono::microseconds ToChrono() const { return std::chrono::microseconds(us_); }

  // The largest unit that divides exactly: "7d", "2h", "90s", "1500ms", "10us".
  std::string ToString() const;

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(us_ + o.us_); }
  constexpr Duration operator-(Duration o) const { return Duration(us_ - o.us_); }
  constexpr Duration operator*(int64_t k) const { return Duration(us_ * k); }

 private:
  constexpr explicit Duration(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

}  // namespace sessiond::core
