#include "core/metrics.hpp"

#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

TEST(MetricsRegistry, RendersNothingWhenEmpty) {
  MetricsRegistry registry;
  EXPECT_EQ(registry.Render(), "");
}

TEST(MetricsRegistry, RendersCountersWithLabels) {
  MetricsRegistry registry;
  Counter& ok = registry.GetCounter("sessiond_requests_total", "HTTP requests served.",
                                    {{"route", "/v1/me"}, {"status", "200"}});
  Counter& failed = registry.GetCounter("sessiond_requests_total", "HTTP requests served.",
                                        {{"route", "/v1/me"}, {"status", "500"}});
  ok.Inc();
  ok.Inc(2);
  failed.Inc();
  EXPECT_EQ(ok.value(), 3u);
  EXPECT_EQ(registry.Render(),
            "# HELP sessiond_requests_total HTTP requests served.\n"
            "# TYPE sessiond_requests_total counter\n"
            "sessiond_requests_total{route=\"/v1/me\",status=\"200\"} 3\n"
            "sessiond_requests_total{route=\"/v1/me\",status=\"500\"} 1\n");
}

TEST(MetricsRegistry, ReturnsTheSameSeriesForTheSameNameAndLabels) {
  MetricsRegistry registry;
  Counter& a = registry.GetCounter("c_total", "help", {{"k", "v"}});
  Counter& b = registry.GetCounter("c_total", "help", {{"k", "v"}});
  Counter& other = registry.GetCounter("c_total", "help", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
  EXPECT_EQ(&registry.GetGauge("g", "help"), &registry.GetGauge("g", "help"));
  EXPECT_EQ(&registry.GetHistogram("h", "help", LatencyBuckets()),
            &registry.GetHistogram("h", "help", LatencyBuckets()));
}

TEST(MetricsRegistry, RendersAnUnlabelledSeriesFromCreation) {
  MetricsRegistry registry;
  registry.GetCounter("sessiond_jobs_started_total", "Jobs started.");
  EXPECT_EQ(registry.Render(),
            "# HELP sessiond_jobs_started_total Jobs started.\n"
            "# TYPE sessiond_jobs_started_total counter\n"
            "sessiond_jobs_started_total 0\n");
}

TEST(MetricsRegistry, RendersGaugesExactly) {
  MetricsRegistry registry;
  registry.GetGauge("g_half", "h").Set(2.5);
  registry.GetGauge("g_negative", "h").Set(-1);
  Gauge& added = registry.GetGauge("g_added", "h");
  added.Add(3);
  added.Add(-0.75);
  EXPECT_EQ(added.value(), 2.25);
  // Large values keep every digit: a byte count must not turn into 1.04858e+07.
  registry.GetGauge("g_bytes", "h").Set(10'485'760);
  registry.GetGauge("g_million", "h").Set(1'234'567);
  registry.GetGauge("g_small", "h").Set(0.0005);
  EXPECT_EQ(registry.Render(),
            "# HELP g_added h\n# TYPE g_added gauge\ng_added 2.25\n"
            "# HELP g_bytes h\n# TYPE g_bytes gauge\ng_bytes 10485760\n"
            "# HELP g_half h\n# TYPE g_half gauge\ng_half 2.5\n"
            "# HELP g_million h\n# TYPE g_million gauge\ng_million 1234567\n"
            "# HELP g_negative h\n# TYPE g_negative gauge\ng_negative -1\n"
            "# HELP g_small h\n# TYPE g_small gauge\ng_small 0.0005\n");
}

TEST(MetricsRegistry, RendersTinyAndHugeValuesExactly) {
  MetricsRegistry registry;
  registry.GetGauge("a_tiny", "h").Set(1e-7);
  registry.GetGauge("b_huge", "h").Set(1e20);
  registry.GetGauge("c_inexact", "h").Set(0.1 + 0.2);
  registry.GetGauge("d_fraction", "h").Set(1234567.891);
  EXPECT_EQ(registry.Render(),
            "# HELP a_tiny h\n# TYPE a_tiny gauge\na_tiny 1e-07\n"
            "# HELP b_huge h\n# TYPE b_huge gauge\nb_huge 1e+20\n"
            "# HELP c_inexact h\n# TYPE c_inexact gauge\nc_inexact 0.30000000000000004\n"
            "# HELP d_fraction h\n# TYPE d_fraction gauge\nd_fraction 1234567.891\n");
}

TEST(MetricsRegistry, RendersSpecialValuesAsPrometheusSpellsThem) {
  MetricsRegistry registry;
  registry.GetGauge("a_nan", "h").Set(std::numeric_limits<double>::quiet_NaN());
  registry.GetGauge("b_inf", "h").Set(std::numeric_limits<double>::infinity());
  registry.GetGauge("c_minus_inf", "h").Set(-std::numeric_limits<double>::infinity());
  EXPECT_EQ(registry.Render(),
            "# HELP a_nan h\n# TYPE a_nan gauge\na_nan NaN\n"
            "# HELP b_inf h\n# TYPE b_inf gauge\nb_inf +Inf\n"
            "# HELP c_minus_inf h\n# TYPE c_minus_inf gauge\nc_minus_inf -Inf\n");
}

TEST(MetricsRegistry, RendersHistogramsWithCumulativeBucketsSumAndCount) {
  MetricsRegistry registry;
  const std::vector<double> bounds = {0.25, 0.5, 1};
  Histogram& h = registry.GetHistogram("sessiond_request_seconds", "Request latency.", bounds,
                                       {{"route", "/v1/jobs"}});
  h.Observe(0.125);
  h.Observe(0.25);  // a bound is inclusive: it counts in le="0.25"
  h.Observe(0.5);
  h.Observe(2);  // above every bound: only in +Inf
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(registry.Render(),
            "# HELP sessiond_request_seconds Request latency.\n"
            "# TYPE sessiond_request_seconds histogram\n"
            "sessiond_request_seconds_bucket{route=\"/v1/jobs\",le=\"0.25\"} 2\n"
            "sessiond_request_seconds_bucket{route=\"/v1/jobs\",le=\"0.5\"} 3\n"
            "sessiond_request_seconds_bucket{route=\"/v1/jobs\",le=\"1\"} 3\n"
            "sessiond_request_seconds_bucket{route=\"/v1/jobs\",le=\"+Inf\"} 4\n"
            "sessiond_request_seconds_sum{route=\"/v1/jobs\"} 2.875\n"
            "sessiond_request_seconds_count{route=\"/v1/jobs\"} 4\n");
}

TEST(MetricsRegistry, RendersAnUnlabelledHistogram) {
  MetricsRegistry registry;
  Histogram& h = registry.GetHistogram("h_seconds", "Latency.", {1, 2});
  h.Observe(1.5);
  EXPECT_EQ(registry.Render(),
            "# HELP h_seconds Latency.\n"
            "# TYPE h_seconds histogram\n"
            "h_seconds_bucket{le=\"1\"} 0\n"
            "h_seconds_bucket{le=\"2\"} 1\n"
            "h_seconds_bucket{le=\"+Inf\"} 1\n"
            "h_seconds_sum 1.5\n"
            "h_seconds_count 1\n");
}

TEST(MetricsRegistry, SeriesOfOneHistogramShareTheFirstBounds) {
  MetricsRegistry registry;
  registry.GetHistogram("h", "help", {1}, {{"k", "a"}}).Observe(0.5);
  // Later bounds for the same family are ignored so that every series has the same buckets.
  registry.GetHistogram("h", "help", {5, 10}, {{"k", "b"}}).Observe(0.5);
  EXPECT_EQ(registry.Render(),
            "# HELP h help\n"
            "# TYPE h histogram\n"
            "h_bucket{k=\"a\",le=\"1\"} 1\n"
            "h_bucket{k=\"a\",le=\"+Inf\"} 1\n"
            "h_sum{k=\"a\"} 0.5\n"
            "h_count{k=\"a\"} 1\n"
            "h_bucket{k=\"b\",le=\"1\"} 1\n"
            "h_bucket{k=\"b\",le=\"+Inf\"} 1\n"
            "h_sum{k=\"b\"} 0.5\n"
            "h_count{k=\"b\"} 1\n");
}

TEST(MetricsRegistry, AHistogramWithoutBoundsKeepsThemForItsFamily) {
  // Only +Inf, _sum and _count; a later lookup with bounds must not change the family.
  MetricsRegistry registry;
  registry.GetHistogram("h", "help", {}, {{"k", "a"}}).Observe(3);
  Histogram& later = registry.GetHistogram("h", "help", {1, 5}, {{"k", "b"}});
  later.Observe(0.5);
  registry.GetHistogram("h", "help", {}, {{"k", "a"}}).Observe(4);
  EXPECT_EQ(registry.Render(),
            "# HELP h help\n"
            "# TYPE h histogram\n"
            "h_bucket{k=\"a\",le=\"+Inf\"} 2\n"
            "h_sum{k=\"a\"} 7\n"
            "h_count{k=\"a\"} 2\n"
            "h_bucket{k=\"b\",le=\"+Inf\"} 1\n"
            "h_sum{k=\"b\"} 0.5\n"
            "h_count{k=\"b\"} 1\n");
}

TEST(MetricsRegistry, LatencyBucketsSpanHalfAMillisecondToTenSeconds) {
  const std::vector<double>& bounds = LatencyBuckets();
  ASSERT_FALSE(bounds.empty());
  EXPECT_EQ(bounds.front(), 0.0005);
  EXPECT_EQ(bounds.back(), 10);
  for (size_t i = 1; i < bounds.size(); ++i) EXPECT_LT(bounds[i - 1], bounds[i]);

  MetricsRegistry registry;
  registry.GetHistogram("l", "h", LatencyBuckets()).Observe(0.003);
  std::string text = registry.Render();
  EXPECT_NE(text.find("l_bucket{le=\"0.0005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("l_bucket{le=\"0.0025\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("l_bucket{le=\"0.005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("l_bucket{le=\"10\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, EscapesLabelValues) {
  MetricsRegistry registry;
  registry.GetCounter("c_total", "h", {{"path", "a\"b\\c\nd"}}).Inc();
  EXPECT_EQ(registry.Render(),
            "# HELP c_total h\n"
            "# TYPE c_total counter\n"
            "c_total{path=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsRegistry, SortsFamiliesByName) {
  MetricsRegistry registry;
  registry.GetGauge("zeta", "last");
  registry.GetCounter("alpha_total", "first");
  registry.GetGauge("mid", "middle");
  std::string text = registry.Render();
  size_t alpha = text.find("# HELP alpha_total");
  size_t mid = text.find("# HELP mid");
  size_t zeta = text.find("# HELP zeta");
  ASSERT_NE(zeta, std::string::npos);
  EXPECT_LT(alpha, mid);
  EXPECT_LT(mid, zeta);
}

TEST(MetricsRegistry, RunsCollectorsAtEveryRender) {
  MetricsRegistry registry;
  int runs = 0;
  registry.AddCollector([&] {
    ++runs;
    // Collectors may look series up themselves.
    registry.GetGauge("sessiond_jobs", "Jobs by state.", {{"state", "running"}}).Set(runs * 10);
  });
  EXPECT_EQ(runs, 0) << "adding does not run it";
  EXPECT_EQ(registry.Render(),
            "# HELP sessiond_jobs Jobs by state.\n"
            "# TYPE sessiond_jobs gauge\n"
            "sessiond_jobs{state=\"running\"} 10\n");
  EXPECT_EQ(registry.Render(),
            "# HELP sessiond_jobs Jobs by state.\n"
            "# TYPE sessiond_jobs gauge\n"
            "sessiond_jobs{state=\"running\"} 20\n");
  EXPECT_EQ(runs, 2);
}

TEST(MetricsRegistry, CountsConcurrentIncrementsExactly) {
  MetricsRegistry registry;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      // Each thread looks the series up itself, as request handlers do.
      Counter& counter = registry.GetCounter("c_total", "h", {{"k", "v"}});
      Histogram& histogram = registry.GetHistogram("h_seconds", "h", LatencyBuckets());
      for (int i = 0; i < kPerThread; ++i) {
        counter.Inc();
        histogram.Observe(0.001);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(registry.GetCounter("c_total", "h", {{"k", "v"}}).value(),
            uint64_t{kThreads * kPerThread});
  EXPECT_EQ(registry.GetHistogram("h_seconds", "h", LatencyBuckets()).count(),
            uint64_t{kThreads * kPerThread});
  EXPECT_NE(registry.Render().find("h_seconds_bucket{le=\"0.001\"} 40000\n"), std::string::npos);
}

}  // namespace
}  // namespace sessiond::core
