#include "core/time_zone.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <date/tz.h>

namespace sessiond::core {
namespace {

using std::chrono::local_seconds;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// date/tz has its own local_time type; the values are the same count of seconds.
date::local_seconds ToDateLocal(local_seconds t) {
  return date::local_seconds{t.time_since_epoch()};
}

}  // namespace

Result<TimeZone> TimeZone::Find(std::string_view name) {
  try {
    const date::time_zone* zone = date::locate_zone(name);
    return TimeZone(zone, std::string(name));
  } catch (const std::exception&) {
    return Error::Field(ErrorCode::kUnprocessable, "timezone",
                        "unknown time zone '" + std::string(name) + "'", name);
  }
}

TimeZone TimeZone::Utc() { return TimeZone(date::locate_zone("UTC"), "UTC"); }

LocalDateTime TimeZone::ToLocal(Timestamp t) const {
  auto sys = std::chrono::floor<seconds>(t.ToSysTime());
  auto info = zone_->get_info(sys);
  return LocalDateTime::FromLocalSeconds(local_seconds{sys.time_since_epoch() + info.offset});
}

int TimeZone::OffsetSecondsAt(Timestamp t) const {
  auto sys = std::chrono::floor<seconds>(t.ToSysTime());
  return int(zone_->get_info(sys).offset.count());
}

ZonePeriod TimeZone::PeriodAt(Timestamp t) const {
  // The first and last periods are open-ended (sys_seconds min/max): clamp them to ±3000
  // years so that microseconds do not overflow.
  static constexpr int64_t kLimit = int64_t{3000} * 366 * 86400;
  auto clamp = [](int64_t s) { return Timestamp::FromSeconds(std::clamp(s, -kLimit, kLimit)); };
  auto info = zone_->get_info(std::chrono::floor<seconds>(t.ToSysTime()));
  return {clamp(info.begin.time_since_epoch().count()), clamp(info.end.time_since_epoch().count()),
          int(info.offset.count())};
}

std::string TimeZone::FormatLocal(Timestamp t) const {
  int offset = OffsetSecondsAt(t);
  LocalDateTime local = ToLocal(t);
  char buf[48];
  int abs = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof buf, "%s%c%02d:%02d", local.ToString().c_str(), offset < 0 ? '-' : '+',
                abs / 3600, abs / 60 % 60);
  return buf;
}

ResolvedLocalTime TimeZone::Resolve(const LocalDateTime& local) const {
  local_seconds wall = local.ToLocalSeconds();
  date::local_info info = zone_->get_info(ToDateLocal(wall));
  switch (info.result) {
    case date::local_info::unique:
      return {Timestamp::FromSeconds((wall - info.first.offset).time_since_epoch().count())};
    case date::local_info::ambiguous:
      return {Timestamp::FromSeconds((wall - info.first.offset).time_since_epoch().count()), false,
              true};
    case date::local_info::nonexistent:
      // The gap ends where the second period begins; that instant is the first valid one.
      return {Timestamp::FromSeconds(info.second.begin.time_since_epoch().count()), true, false};
  }
  return {};
}

}  // namespace sessiond::core
