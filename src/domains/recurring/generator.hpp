#pragma once

#include <string_view>

#include "core/result.hpp"
#include "core/uuid.hpp"
#include "domains/recurring/session_template.hpp"
#include "store/connection.hpp"

namespace sessiond::recurring {

inline constexpr int kDefaultDaysAhead = 30;
inline constexpr int kMaxDaysAhead = 366;

// What one generation of one template did.
struct Generated {
  int created = 0;
  core::Date from;  // the window of local dates looked at, inclusive
  core::Date to;
};

// Creates the sessions of `t` for the local dates from yesterday (an occurrence that began
// yesterday may still be running) through today + `days_ahead`, in the template's zone,
// skipping occurrences already over at `now` and dates that already hold a session of the
// template (in any state: a cancelled or edited occurrence is kept, never duplicated).
// Idempotent: the schema's unique (template_id, occurrence_start) and (template_id,
// scheduled_date) make a second or concurrent run insert nothing. Each session created is
// logged with `trigger`. Runs inside the caller's unit of work.
// Errors: the store's; kUnprocessable when the template's rule cannot be expanded.
core::Result<Generated> GenerateSessions(store::Connection& c, const SessionTemplate& t,
                                         core::Timestamp now, int days_ahead,
                                         std::string_view trigger, core::UuidGenerator& ids);

}  // namespace sessiond::recurring
