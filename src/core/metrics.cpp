#include "core/metrics.hpp"

#include <cassert>
#include <charconv>
#include <cmath>

namespace sessiond::core {
namespace {

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string FormatLabels(const Labels& labels, const std::string& extra_key = "",
                         const std::string& extra_value = "") {
  if (labels.empty() && extra_key.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ",";
    out += k + "=\"" + EscapeLabel(v) + "\"";
    first = false;
  }
  if (!extra_key.empty()) {
    if (!first) out += ",";
    out += extra_key + "=\"" + extra_value + "\"";
  }
  return out + "}";
}

// The shortest text that reads back as exactly `v` (a stream's default 6 significant digits
// would print 10485760 as 1.04858e+07), locale-free, in plain decimals for the usual
// magnitudes (le="0.0005", le="10") and with the exposition format's special values.
std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  double magnitude = std::fabs(v);
  std::chars_format format = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15)
                                 ? std::chars_format::fixed
                                 : std::chars_format::general;
  char buf[64];
  char* end = std::to_chars(buf, buf + sizeof buf, v, format).ptr;  // 64 bytes fit these
  return std::string(buf, end);
}

}  // namespace

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), buckets_(new std::atomic<uint64_t>[bounds.size()]) {
  for (size_t i = 0; i < bounds.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double v) {
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (v <= bounds_[i]) {
      buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

MetricsRegistry::Family& MetricsRegistry::FamilyLocked(const std::string& name, Kind kind,
                                                       const std::string& help) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.kind = kind;
    it->second.help = help;
  }
  assert(it->second.kind == kind && "one metric name, one kind");
  return it->second;
}

Counter& MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyLocked(name, Kind::kCounter, help).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::GetGauge(const std::string& name, const std::string& help,
                                 const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyLocked(name, Kind::kGauge, help).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         const std::vector<double>& bounds, const Labels& labels) {
  std::lock_guard lock(mu_);
  Family& family = FamilyLocked(name, Kind::kHistogram, help);
  // The first series fixes the bounds (even empty ones): every Histogram refers to them.
  if (family.histograms.empty()) family.bounds = bounds;
  auto& slot = family.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(family.bounds);
  return *slot;
}

void MetricsRegistry::AddCollector(std::function<void()> collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::Render() {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard lock(mu_);
    collectors = collectors_;
  }
  for (auto& collect : collectors) collect();

  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    static constexpr const char* kTypeNames[] = {"counter", "gauge", "histogram"};
    out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + kTypeNames[int(family.kind)] + "\n";
    for (const auto& [labels, counter] : family.counters) {
      out += name + FormatLabels(labels) + " " + std::to_string(counter->value()) + "\n";
    }
    for (const auto& [labels, gauge] : family.gauges) {
      out += name + FormatLabels(labels) + " " + FormatNumber(gauge->value()) + "\n";
    }
    for (const auto& [labels, histogram] : family.histograms) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < family.bounds.size(); ++i) {
        cumulative += histogram->buckets_[i].load(std::memory_order_relaxed);
        out += name + "_bucket" + FormatLabels(labels, "le", FormatNumber(family.bounds[i])) + " " +
               std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket" + FormatLabels(labels, "le", "+Inf") + " " +
             std::to_string(histogram->count()) + "\n";
      out += name + "_sum" + FormatLabels(labels) + " " +
             FormatNumber(histogram->sum_.load(std::memory_order_relaxed)) + "\n";
      out += name + "_count" + FormatLabels(labels) + " " + std::to_string(histogram->count()) +
             "\n";
    }
  }
  return out;
}

}  // namespace sessiond::core
