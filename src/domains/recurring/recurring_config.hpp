#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "domains/recurring/rule.hpp"
#include "domains/recurring/time_of_day.hpp"

namespace sessiond::recurring {

// The seed's `recurring_config` as a rule and times:
//   {"days_of_week":["mon","wed"],"start_time":"18:00","end_time":"19:30"}
// is FREQ=WEEKLY;BYDAY=MO,WE from 18:00 to 19:30 local time.
struct ConfigRule {
  Rule rule;
  TimeOfDay start_time;
  TimeOfDay end_time;
};

// Converts the seed's form. Days are "mon".."sun" or full names, in any case. The seed's
// sessions never cross midnight, so end_time must be after start_time.
// Errors: kBadRequest or kUnprocessable naming `recurring_config.<field>`.
core::Result<ConfigRule> ConvertRecurringConfig(const core::Json& config);

}  // namespace sessiond::recurring
