#pragma once

#include "core/duration.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace sessiond::checkins {

class CheckinService;
class ExpiryDeadlines;

struct CheckinApi {
  store::Database& db;
  CheckinService& service;
  ExpiryDeadlines& deadlines;
  core::Duration max_ttl;
};

// POST /v1/checkins, POST /v1/checkins/{id}/checkout, GET /v1/checkins/{id},
// GET /v1/checkins/active, GET /v1/checkins/stats (docs/api.md, "Check-ins").
void RegisterCheckinRoutes(http::Router& router, CheckinApi api);

}  // namespace sessiond::checkins
