// sessiond: one binary, several commands. Each command wires the parts it needs; this file
// only parses the command line.
#include <CLI/CLI.hpp>

#include "cli/backfill_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/jobs_command.hpp"
#include "cli/migrate_command.hpp"
#include "cli/schedule_command.hpp"
#include "cli/serve_command.hpp"
#include "cli/simulate_command.hpp"
#include "cli/token_command.hpp"
#include "cli/version_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"sessiond: sessions stored, scheduled and streamed"};
  app.require_subcommand(1);
  int exit_code = sessiond::cli::kExitOk;
  sessiond::cli::AddServeCommand(app, exit_code);
  sessiond::cli::AddMigrateCommand(app, exit_code);
  sessiond::cli::AddJobsCommand(app, exit_code);
  sessiond::cli::AddBackfillCommand(app, exit_code);
  sessiond::cli::AddScheduleCommand(app, exit_code);
  sessiond::cli::AddSimulateCommand(app, exit_code);
  sessiond::cli::AddTokenCommand(app, exit_code);
  sessiond::cli::AddVersionCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : sessiond::cli::kExitUsage;
  }
  return exit_code;
}
