#include "cli/migrate_command.hpp"

#include <iostream>
#include <memory>

#include "cli/config_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/open_database.hpp"
#include "store/migrator.hpp"

namespace sessiond::cli {
namespace {

int RunMigrate(const ConfigOptions& options) {
  core::Result<core::Config> config = options.Load();
  if (!config) return ReportError(config.error());
  core::Result<std::unique_ptr<store::Database>> db = OpenDatabase(config->store);
  if (!db) return ReportError(db.error());
  core::Result<store::MigrationReport> report = store::Migrate(**db);
  (*db)->Close();
  if (!report) return ReportError(report.error());
  if (report->applied.empty()) {
    std::cout << "schema is up to date at version " << report->to_version << "\n";
  } else {
    std::cout << "migrated schema from version " << report->from_version << " to "
              << report->to_version << " (" << report->applied.size() << " applied)\n";
  }
  return kExitOk;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ConfigOptions>();
  CLI::App* command = app.add_subcommand("migrate", "Apply database migrations and exit");
  options->AddTo(*command);
  command->callback([options, &exit_code] { exit_code = RunMigrate(*options); });
}

}  // namespace sessiond::cli
