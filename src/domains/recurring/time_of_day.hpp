#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sessiond::recurring {

// A local wall time within a day ("18:00", "07:30:15"), with no date and no zone.
struct TimeOfDay {
  int hour = 0;
  int minute = 0;
  int second = 0;

  // Parses "HH:MM" or "HH:MM:SS" (00:00 to 23:59:59). Errors: kUnprocessable naming `field`.
  static core::Result<TimeOfDay> Parse(std::string_view text, std::string_view field);
  int SecondsOfDay() const { return hour * 3600 + minute * 60 + second; }
  // "HH:MM" when the seconds are zero, "HH:MM:SS" otherwise.
  std::string ToString() const;
  auto operator<=>(const TimeOfDay&) const = default;
};

}  // namespace sessiond::recurring
