#pragma once

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/metrics.hpp"
#include "http/types.hpp"

namespace sessiond::http::detail {

// The request metrics of the server:
//   sessiond_http_requests_total{route,method,status}            counter
//   sessiond_http_request_duration_seconds{route,method}          histogram (LatencyBuckets)
//   sessiond_http_requests_in_flight                              gauge
// `route` is the matched route's metrics label, or "unmatched" for requests answered before
// a route was found (400, 404, 405, 413, 431...). Hot paths hold a Series and never take
// the registry's lock after a series' first use of a status. Thread-safe.
class HttpMetrics {
 public:
  static constexpr std::string_view kUnmatchedRoute = "unmatched";

  // The series of one (route, method).
  class Series {
   public:
    Series(core::MetricsRegistry& registry, core::Labels labels);
    void Record(StatusCode status, double seconds);

   private:
    static constexpr size_t kStatusSlots = 600;  // HTTP statuses are 100..599
    core::MetricsRegistry& registry_;
    core::Labels labels_;  // route, method
    core::Histogram& duration_;
    std::array<std::atomic<core::Counter*>, kStatusSlots> by_status_{};
  };

  explicit HttpMetrics(core::MetricsRegistry& registry);

  // The series of `route` and `method`, created on first use; the reference stays valid for
  // the life of this object.
  Series& For(std::string_view route, std::string_view method);

  core::Gauge& in_flight() { return in_flight_; }

 private:
  core::MetricsRegistry& registry_;
  core::Gauge& in_flight_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Series>, std::less<>>
      series_;  // guarded by mu_
};

}  // namespace sessiond::http::detail
