#pragma once

#include <string_view>

#include "core/result.hpp"
#include "scheduler/cron_fields.hpp"

namespace sessiond::scheduler {

// Parses a 5-field (minute hour day-of-month month day-of-week) or 6-field (leading seconds)
// cron expression, or a macro (@yearly @annually @monthly @weekly @daily @midnight @hourly).
// Fields take `*`, values, ranges `a-b`, steps `*/n` `a-b/n` `a/n`, lists `a,b`, month names
// JAN..DEC, weekday names SUN..SAT (7 is Sunday too), and `L` or `$` for the last day of the
// month. Errors: kUnprocessable with details.field = "schedule", details.part naming the cron
// field ("minute", ...) and details.token quoting the offending text.
core::Result<CronFields> ParseCron(std::string_view expression);

}  // namespace sessiond::scheduler
