#include "http/detail/http_metrics.hpp"

namespace sessiond::http::detail {
namespace {

constexpr const char* kRequestsTotal = "sessiond_http_requests_total";
constexpr const char* kRequestsHelp = "HTTP requests answered, by route, method and status.";
constexpr const char* kDuration = "sessiond_http_request_duration_seconds";
constexpr const char* kDurationHelp =
    "Time from a request read in full to its response written, by route and method.";
constexpr const char* kInFlight = "sessiond_http_requests_in_flight";
constexpr const char* kInFlightHelp = "HTTP requests being handled now.";

}  // namespace

HttpMetrics::Series::Series(core::MetricsRegistry& registry, core::Labels labels)
    : registry_(registry),
      labels_(std::move(labels)),
      duration_(registry.GetHistogram(kDuration, kDurationHelp, core::LatencyBuckets(), labels_)) {}

void HttpMetrics::Series::Record(StatusCode status, double seconds) {
  duration_.Observe(seconds);
  size_t slot = static_cast<size_t>(status);
  if (slot >= kStatusSlots) slot = 0;  // not produced by us; counted under status "0"
  core::Counter* counter = by_status_[slot].load(std::memory_order_acquire);
  if (!counter) {
    // Two threads may both get here; the registry hands both the same counter.
    core::Labels labels = labels_;
    labels.emplace_back("status", std::to_string(slot));
    counter = &registry_.GetCounter(kRequestsTotal, kRequestsHelp, labels);
    by_status_[slot].store(counter, std::memory_order_release);
  }
  counter->Inc();
}

HttpMetrics::HttpMetrics(core::MetricsRegistry& registry)
    : registry_(registry), in_flight_(registry.GetGauge(kInFlight, kInFlightHelp)) {}

HttpMetrics::Series& HttpMetrics::For(std::string_view route, std::string_view method) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(std::string(route), std::string(method));
  auto& slot = series_[key];
  if (!slot) {
    slot = std::make_unique<Series>(registry_,
                                    core::Labels{{"route", key.first}, {"method", key.second}});
  }
  return *slot;
}

}  // namespace sessiond::http::detail
