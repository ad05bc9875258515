#include "http/health_routes.hpp"

#include <memory>

#include <boost/asio/thread_pool.hpp>

#include "http/detail/blocking_call.hpp"

namespace sessiond::http {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kPrometheusText = "text/plain; version=0.0.4";

// The one thread readiness checks block on, owned by the /readyz handler (and so by the
// router). Its destructor waits for a running check.
struct ReadinessChecker {
  std::function<core::Result<void>()> check;
  core::Duration timeout;
  boost::asio::thread_pool pool{1};
};

boost::asio::awaitable<Response> Ready(ReadinessChecker& checker) {
  static const Response kReady = Response::Text(StatusCode::ok, R"({"status":"ready"})", kJson);
  if (!checker.check) co_return kReady;
  std::optional<core::Result<void>> result = co_await detail::CallBlocking<core::Result<void>>(
      checker.pool, checker.check, checker.timeout);
  if (!result) {
    co_return Response::FromError(core::Error::Unavailable(
        "the readiness check did not answer within " + checker.timeout.ToString()));
  }
  if (!*result) {
    core::Error error = result->error();
    error.code = core::ErrorCode::kUnavailable;  // whatever failed, the server is not ready
    co_return Response::FromError(error);
  }
  co_return kReady;
}

}  // namespace

void RegisterHealthRoutes(Router& router, core::MetricsRegistry& metrics, HealthOptions options) {
  metrics
      .GetGauge("sessiond_build_info", "The running version; always 1.",
                {{"version", options.version}})
      .Set(1);

  router.Add(Method::get, "/healthz", [](RequestContext&) -> boost::asio::awaitable<Response> {
    // Built once: this endpoint is probed often and benchmarked.
    static const Response kOk = Response::Text(StatusCode::ok, R"({"status":"ok"})", kJson);
    co_return kOk;
  });

  auto checker = std::make_shared<ReadinessChecker>();
  checker->check = std::move(options.readiness);
  checker->timeout = options.readiness_timeout;
  router.Add(Method::get, "/readyz", [checker](RequestContext&) { return Ready(*checker); });

  router.Add(Method::get, "/metrics",
             [&metrics](RequestContext&) -> boost::asio::awaitable<Response> {
               co_return Response::Text(StatusCode::ok, metrics.Render(), kPrometheusText);
             });
}

}  // namespace sessiond::http
