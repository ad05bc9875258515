// sessiond's http::Server with nothing but the health routes, for bench/http/healthz.sh
// before (or besides) the real `sessiond serve`: the same server, limits, metrics and
// request ids, no database.
//
//   http_server_bench [HOST:PORT] [THREADS] [--access-log]   (defaults 127.0.0.1:0, cores)
//
// Logs "listening on HOST:PORT" on stderr, then serves until SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <string>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/asio/signal_set.hpp>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "http/health_routes.hpp"
#include "http/server.hpp"

using namespace sessiond;

int main(int argc, char** argv) {
  core::HttpConfig config;
  config.listen = argc > 1 ? argv[1] : "127.0.0.1:0";
  config.io_threads = argc > 2 ? std::stoi(argv[2]) : 0;
  config.access_log = argc > 3 && std::string(argv[3]) == "--access-log";
  spdlog::set_default_logger(spdlog::stderr_logger_mt("bench"));

  core::SystemClock clock;
  core::MetricsRegistry metrics;
  http::Router router;
  http::HealthOptions health;
  health.version = "bench";
  http::RegisterHealthRoutes(router, metrics, std::move(health));

  http::Server server(config, std::move(router), {clock, metrics, nullptr});
  if (core::Result<void> listening = server.Listen(); !listening) {
    std::fprintf(stderr, "%s\n", listening.error().ToString().c_str());
    return 1;
  }
  boost::asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&server](boost::system::error_code ec, int) {
    if (!ec) server.Stop();
  });
  server.Run();
}
