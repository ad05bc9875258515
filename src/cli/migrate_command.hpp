#pragma once

#include <CLI/CLI.hpp>

namespace sessiond::cli {

// `sessiond migrate`: applies the embedded migrations to the configured database and exits.
// Refuses (exit 1) a database whose schema is newer than this binary.
void AddMigrateCommand(CLI::App& app, int& exit_code);

}  // namespace sessiond::cli
