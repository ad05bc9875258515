#pragma once

#include "core/clock.hpp"
#include "domains/recurring/deadlines.hpp"
#include "domains/recurring/service.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace sessiond::recurring {

// What the family's routes use; every reference outlives the router.
struct RecurringApi {
  store::Database& db;
  const core::Clock& clock;
  Service& service;
  const Deadlines& deadlines;
};

// /v1/templates... and /v1/sessions... (docs/api.md, "Recurring sessions"). Any signed-in
// user reads; writes need the service role or user_role admin (403 otherwise).
void RegisterTemplateRoutes(http::Router& router, RecurringApi api);
void RegisterSessionRoutes(http::Router& router, RecurringApi api);
// GET /v1/schedules/preview?rule=...: installs the RRULE previewer of the scheduler's route.
void InstallRulePreview();

}  // namespace sessiond::recurring
