#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "core/result.hpp"

namespace sessiond::core {

// An instant: microseconds since the Unix epoch, UTC. Written on the wire as RFC 3339 in UTC
// with milliseconds ("2026-11-21T19:04:00.123Z"); stored with microseconds.
class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromMicros(int64_t us) { return Timestamp(us); }
  static constexpr Timestamp FromSeconds(int64_t s) { return Timestamp(s * 1'000'000); }
  static Timestamp FromSysTime(std::chrono::sys_time<std::chrono::microseconds> t) {
    return Timestamp(t.time_since_epoch().count());
  }

  // Parses RFC 3339 with any offset ("2026-11-21T19:04:00Z", "...T20:04:00.5+01:00") and the
  // PostgreSQL text form ("2026-11-21 19:04:00.123456+00"). Fractions beyond microseconds are
  // truncated. kUnprocessable on anything else, quoting the text.
  static Result<Timestamp> Parse(std::string_view text);

  constexpr int64_t micros() const { return us_; }
  constexpr int64_t seconds() const { return FloorDiv(us_, 1'000'000); }
  std::chrono::sys_time<std::chrono::microseconds> ToSysTime() const {
    return std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(us_));
  }

  // RFC 3339 UTC with milliseconds: the API's form.
  std::string ToRfc3339() const;
  // RFC 3339 UTC with microseconds, fixed width: the storage form; sorts as text.
  std::string ToRfc3339Micros() const;

  constexpr auto operator<=>(const Timestamp&) const = default;
  constexpr Timestamp operator+(Duration d) const { return Timestamp(us_ + d.micros()); }
  constexpr Timestamp operator-(Duration d) const { return Timestamp(us_ - d.micros()); }
  constexpr Duration operator-(Timestamp o) const { return Duration::Micros(us_ - o.us_); }

 private:
  constexpr explicit Timestamp(int64_t us) : us_(us) {}
  static constexpr int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  }
  int64_t us_ = 0;
};

}  // namespace sessiond::core
