#pragma once

#include "core/clock.hpp"
#include "core/duration.hpp"
#include "core/metrics.hpp"
#include "http/router.hpp"
#include "realtime/hub.hpp"
#include "store/database.hpp"

namespace sessiond::realtime {

struct RealtimeApi {
  Hub& hub;
  store::Database& db;
  const core::Clock& clock;
  core::MetricsRegistry& metrics;
  core::Duration heartbeat = core::Duration::Seconds(15);
};

// GET /v1/realtime?channels=a,b: Server-Sent Events with resume (Last-Event-ID header, or the
// last_event_id query parameter for a first load). Every error (unknown channel, malformed
// id, a channel the token may not read) is a JSON 4xx before the stream starts.
void RegisterRealtimeRoutes(http::Router& router, RealtimeApi api);

}  // namespace sessiond::realtime
