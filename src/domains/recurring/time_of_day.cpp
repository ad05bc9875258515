#include "domains/recurring/time_of_day.hpp"

#include <cstdio>

namespace sessiond::recurring {
namespace {

int Two(std::string_view text, size_t at) {
  if (at + 2 > text.size()) return -1;
  char a = text[at], b = text[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  return (a - '0') * 10 + (b - '0');
}

}  // namespace

core::Result<TimeOfDay> TimeOfDay::Parse(std::string_view text, std::string_view field) {
  TimeOfDay t;
  bool ok = (text.size() == 5 || (text.size() == 8 && text[5] == ':')) && text[2] == ':';
  if (ok) {
    t.hour = Two(text, 0);
    t.minute = Two(text, 3);
    t.second = text.size() == 8 ? Two(text, 6) : 0;
    ok = t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
         t.second <= 59;
  }
  if (!ok) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, field,
                              "a time of day is HH:MM or HH:MM:SS, from 00:00 to 23:59:59", text);
  }
  return t;
}

std::string TimeOfDay::ToString() const {
  char out[16];
  if (second == 0) std::snprintf(out, sizeof out, "%02d:%02d", hour, minute);
  else std::snprintf(out, sizeof out, "%02d:%02d:%02d", hour, minute, second);
  return out;
}

}  // namespace sessiond::recurring
