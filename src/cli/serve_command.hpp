#pragma once

#include <CLI/CLI.hpp>

namespace sessiond::cli {

// `sessiond serve`: migrates the database, then serves HTTP until SIGTERM or SIGINT.
void AddServeCommand(CLI::App& app, int& exit_code);

}  // namespace sessiond::cli
