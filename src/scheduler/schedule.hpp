#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/duration.hpp"
#include "core/result.hpp"
#include "core/time_zone.hpp"
#include "core/timestamp.hpp"
#include "scheduler/cron_fields.hpp"

namespace sessiond::scheduler {

// One instant a schedule fires at.
struct Occurrence {
  core::Timestamp at;
  // The wall time named by the schedule did not exist (a spring-forward gap) and the
  // occurrence moved to the first instant after the gap.
  bool dst_shifted = false;

  bool operator==(const Occurrence&) const = default;
};

// A parsed schedule expression: cron (5 or 6 fields, macros) or a fixed interval
// ("every 90s", pg_cron's "30 seconds"). Immutable value; thread-safe. docs/scheduling.md
// describes the syntax and the DST rules.
class Schedule {
 public:
  // Errors: kUnprocessable with details.field "schedule", details.token the offending part
  // and, for cron, details.part the cron field ("minute", "day_of_week"...).
  static core::Result<Schedule> Parse(std::string_view text);

  // The first occurrence strictly after `after`, with wall times read in `zone`; nullopt when
  // the schedule never fires again (within 28 years).
  //
  // Intervals are absolute time aligned to the Unix epoch: `every 90s` fires when the epoch
  // seconds are a multiple of 90, whatever the zone. Cron expressions whose second, minute
  // and hour fields are fixed (no `*`, no step) name wall times: one in a DST gap fires once
  // at the end of the gap (flagged dst_shifted), one in a repeated hour fires once, at its
  // first instant. Otherwise the expression follows real time: it fires at every matching
  // local wall-clock instant (twice through a repeated hour, never inside a gap).
  std::optional<Occurrence> NextAfter(core::Timestamp after, const core::TimeZone& zone) const;

  const std::string& text() const { return text_; }
  bool IsInterval() const { return std::holds_alternative<core::Duration>(rule_); }

 private:
  Schedule(std::string text, std::variant<CronFields, core::Duration> rule)
      : text_(std::move(text)), rule_(rule) {}

  std::string text_;
  std::variant<CronFields, core::Duration> rule_;
};

}  // namespace sessiond::scheduler
