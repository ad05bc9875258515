#pragma once

#include <functional>
#include <string>

#include "core/duration.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "http/router.hpp"

namespace sessiond::http {

struct HealthOptions {
  std::string version;  // the `version` label of sessiond_build_info
  // Whether the server can serve (database reachable, migrations applied): Ok or an error,
  // whose message /readyz shows. May block: it runs on a thread of its own, one check at a
  // time, and must bound itself (a check stuck forever holds that thread until exit).
  // Null = always ready.
  std::function<core::Result<void>()> readiness;
  // A check slower than this answers 503 unavailable (the check itself runs on).
  core::Duration readiness_timeout = core::Duration::Seconds(2);
};

// Registers the public built-in endpoints:
//   GET /healthz  200 {"status":"ok"}: the process serves HTTP (cheap; benchmarked)
//   GET /readyz   200 {"status":"ready"}, or 503 unavailable with the check's message
//   GET /metrics  `metrics` in the Prometheus text format (text/plain; version=0.0.4)
// and sets the gauge sessiond_build_info{version} to 1. `metrics` must outlive `router`.
// Throws std::invalid_argument if one of these routes is already registered.
void RegisterHealthRoutes(Router& router, core::MetricsRegistry& metrics, HealthOptions options);

}  // namespace sessiond::http
