#pragma once

#include <string>
#include <string_view>

#include "core/civil_time.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace date {
class time_zone;
}

namespace sessiond::core {

// Where a local wall time falls on the UTC line.
struct ResolvedLocalTime {
  Timestamp instant;
  // True when the wall time does not exist (a spring-forward gap) and `instant` is the first
  // instant after the gap.
  bool shifted_by_gap = false;
  // True when the wall time occurs twice (a fall-back overlap) and `instant` is the first.
  bool ambiguous = false;
};

// A stretch of time during which a zone's UTC offset does not change: [begin, end).
struct ZonePeriod {
  Timestamp begin;
  Timestamp end;
  int offset_seconds = 0;
};

// An IANA time zone from the operating system's tzdb (Howard Hinnant's date/tz). Cheap to
// copy: it points at the process-wide, immutable zone database. Thread-safe.
class TimeZone {
 public:
  // Looks up an IANA name ("Europe/Berlin", "UTC"). kUnprocessable naming the zone when the
  // database does not know it.
  static Result<TimeZone> Find(std::string_view name);
  static TimeZone Utc();

  const std::string& name() const { return name_; }

  LocalDateTime ToLocal(Timestamp t) const;
  // UTC offset in force at `t`, in seconds (e.g. -18000 for New York in winter).
  int OffsetSecondsAt(Timestamp t) const;
  // The period of constant offset containing `t`. Schedules that follow real time walk these
  // periods: within one, local time and UTC map one to one.
  ZonePeriod PeriodAt(Timestamp t) const;
  // RFC 3339 with the local offset, e.g. "2026-03-08T03:00:00-04:00".
  std::string FormatLocal(Timestamp t) const;

  // The instant of a local wall time. A time in a DST gap resolves to the first instant after
  // the gap (02:30 on a spring-forward day → 03:00 local); a repeated time resolves to its
  // first occurrence.
  ResolvedLocalTime Resolve(const LocalDateTime& local) const;

 private:
  TimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
};

}  // namespace sessiond::core
