#include "cli/serve_command.hpp"

#include <signal.h>

#include <memory>

#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "auth/jwt.hpp"
#include "auth/secret_file.hpp"
#include "cli/config_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/identity_routes.hpp"
#include "cli/logging.hpp"
#include "cli/open_database.hpp"
#include "cli/scheduler_setup.hpp"
#include "cli/version_command.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "http/health_routes.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "realtime/api/realtime_routes.hpp"
#include "realtime/hub.hpp"
#include "scheduler/api/scheduler_routes.hpp"
#include "store/migrator.hpp"

namespace sessiond::cli {
namespace {

// Ready when the database answers and carries exactly the schema this binary was built for.
core::Result<void> CheckReady(store::Database& db) {
  core::Result<int> version = store::CurrentSchemaVersion(db);
  if (!version) return core::Error::Unavailable("database: " + version.error().message);
  const auto& embedded = store::EmbeddedMigrations(db.backend());
  int expected = embedded.empty() ? 0 : embedded.back().version;
  if (*version != expected) {
    return core::Error::Unavailable("database schema is at version " + std::to_string(*version) +
                                    ", this binary needs " + std::to_string(expected));
  }
  return core::Ok();
}

void ExportPoolMetrics(core::MetricsRegistry& metrics, store::Database& db) {
  core::Gauge& connections =
      metrics.GetGauge("sessiond_store_pool_connections", "Open database connections");
  core::Gauge& in_use =
      metrics.GetGauge("sessiond_store_pool_in_use", "Database connections lent to a unit of work");
  core::Gauge& queued =
      metrics.GetGauge("sessiond_store_pool_queued", "Units of work waiting for a connection");
  metrics.AddCollector([&] {
    store::PoolStats stats = db.Stats();
    connections.Set(stats.connections);
    in_use.Set(stats.in_use);
    queued.Set(stats.queued);
  });
}

int RunServe(const ConfigOptions& options) {
  core::Result<core::Config> config = options.Load();
  if (!config) return ReportError(config.error());
  SetUpLogging(config->log.level);

  core::Result<std::unique_ptr<store::Database>> opened = OpenDatabase(config->store);
  if (!opened) return ReportError(opened.error());
  std::unique_ptr<store::Database> db = std::move(*opened);
  core::Result<store::MigrationReport> migrated = store::Migrate(*db);
  if (!migrated) return ReportError(migrated.error());
  spdlog::info("database {} at schema version {} ({} migrations applied)",
               db->backend() == store::Backend::kSqlite ? "sqlite" : "postgres",
               migrated->to_version, migrated->applied.size());

  core::Result<auth::SecretSource> secret = auth::LoadSigningSecret(*config, true);
  if (!secret) return ReportError(secret.error());
  if (secret->created) {
    spdlog::info("created the token signing secret {}; mint a token with: sessiond token "
                 "--data-dir {} --sub USER_ID --role service_role",
                 secret->path, config->store.data_dir);
  }

  core::SystemClock clock;
  auth::JwtVerifier verifier(secret->secret, config->auth, clock);
  core::MetricsRegistry metrics;
  ExportPoolMetrics(metrics, *db);

  std::unique_ptr<SchedulerParts> scheduling =
      BuildScheduler(*db, clock, metrics, *config);
  if (config->scheduler.default_jobs) {
    if (core::Result<void> installed = scheduling->InstallDefaultJobs(*db); !installed) {
      return ReportError(installed.error());
    }
  }
  if (config->scheduler.enabled) {
    if (core::Result<void> started = scheduling->scheduler->Start(); !started) {
      return ReportError(started.error());
    }
    for (const auto& domain : scheduling->domains) {
      if (core::Result<void> armed = domain->ArmDeadlines(); !armed) {
        return ReportError(armed.error());
      }
    }
  }

  // Tails the event log for this node's SSE subscribers.
  realtime::Hub hub(*db, metrics);
  if (core::Result<void> tailing = hub.Start(); !tailing) return ReportError(tailing.error());

  http::Router router;
  http::RegisterHealthRoutes(router, metrics,
                             {.version = Version(), .readiness = [&db] { return CheckReady(*db); }});
  RegisterIdentityRoutes(router);
  scheduler::SchedulerApi api{*db, *scheduling->scheduler, *scheduling->jobs, scheduling->tasks,
                              clock};
  scheduler::RegisterJobRoutes(router, api);
  scheduler::RegisterRunRoutes(router, api);
  scheduler::RegisterSchedulerInfoRoutes(router, api);
  for (const auto& domain : scheduling->domains) domain->RegisterRoutes(router);
  realtime::RegisterRealtimeRoutes(router, {hub, *db, clock, metrics, config->realtime.heartbeat});

  http::Server server(config->http, std::move(router),
                      {clock, metrics, [&verifier](std::string_view header) {
                         return verifier.VerifyAuthorizationHeader(header);
                       }});
  if (core::Result<void> listening = server.Listen(); !listening) {
    return ReportError(listening.error());
  }
  // Declared after the server so that it is destroyed first; before "listening on", which
  // tells supervisors (and tests) that a SIGTERM from now on is a graceful stop.
  boost::asio::signal_set stop_signals(server.io_context(), SIGTERM, SIGINT);
  std::string host = config->http.listen.substr(0, config->http.listen.rfind(':'));
  spdlog::info("listening on {}:{}", host, server.port());

  stop_signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("shutting down (signal {}): finishing requests in flight for up to {}", signal,
                 config->http.shutdown_grace.ToString());
    server.Stop(config->http.shutdown_grace);
  });
  server.Run();
  scheduling->scheduler->Stop();
  hub.Stop();
  db->Close();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ConfigOptions>();
  CLI::App* command = app.add_subcommand("serve", "Run the server");
  options->AddTo(*command);
  command->callback([options, &exit_code] { exit_code = RunServe(*options); });
}

}  // namespace sessiond::cli
