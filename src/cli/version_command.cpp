#include "cli/version_command.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "store/migrator.hpp"

namespace sessiond::cli {

const char* Version() { return SESSIOND_VERSION; }

void AddVersionCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("version", "Print the version and exit");
  command->callback([&exit_code] {
    const auto& sqlite = store::EmbeddedMigrations(store::Backend::kSqlite);
    const auto& postgres = store::EmbeddedMigrations(store::Backend::kPostgres);
    std::cout << "sessiond " << Version() << "\n"
              << "schema: sqlite " << (sqlite.empty() ? 0 : sqlite.back().version)
              << ", postgres " << (postgres.empty() ? 0 : postgres.back().version) << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace sessiond::cli
