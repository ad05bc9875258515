#include "core/duration.hpp"

#include <charconv>
#include <limits>

namespace sessiond::core {
namespace {

struct Unit {
  std::string_view suffix;
  int64_t micros;
};

// Longest suffixes first so that "ms" is not read as "m" followed by junk.
constexpr Unit kUnits[] = {
    {"us", 1}, {"ms", 1000}, {"s", 1'000'000}, {"m", 60'000'000}, {"h", 3'600'000'000},
    {"d", 86'400'000'000},
};

Error Invalid(std::string_view text) {
  return Error::Unprocessable("invalid duration '" + std::string(text) +
                              "': expected seconds or a number with a unit (90s, 15m, 2h, 7d)");
}

}  // namespace

Result<Duration> Duration::Parse(std::string_view text) {
  int64_t amount = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
  if (ec != std::errc() || end == text.data() || amount < 0) return Invalid(text);
  std::string_view suffix(end, text.data() + text.size() - end);
  int64_t unit = 1'000'000;  // a bare number is seconds
  if (!suffix.empty()) {
    unit = 0;
    for (const Unit& candidate : kUnits) {
      if (suffix == candidate.suffix) unit = candidate.micros;
    }
    if (unit == 0) return Invalid(text);
  }
  if (amount > std::numeric_limits<int64_t>::max() / unit) return Invalid(text);
  return Duration(amount * unit);
}

std::string Duration::ToString() const {
  if (us_ == 0) return "0s";
  for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it) {
    if (us_ % it->micros == 0) return std::to_string(us_ / it->micros) + std::string(it->suffix);
  }
  return std::to_string(us_) + "us";
}

}  // namespace sessiond::core
