#pragma once

#include <chrono>
#include <optional>

#include "scheduler/cron_fields.hpp"

namespace sessiond::scheduler {

// The first wall-clock second at or after `from` that `cron` matches, ignoring time zones
// (pure calendar arithmetic), or nullopt when none falls in the next kCronSearchYears years.
// Jumps field by field rather than second by second, so one call costs a few dozen steps.
std::optional<std::chrono::local_seconds> NextLocalMatch(const CronFields& cron,
                                                         std::chrono::local_seconds from);

// 28 years is the period of the calendar: a date and weekday pair that exists at all (29
// February on a Monday) recurs within it.
inline constexpr int kCronSearchYears = 28;

}  // namespace sessiond::scheduler
