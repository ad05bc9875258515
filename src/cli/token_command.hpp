#pragma once

#include <CLI/CLI.hpp>

namespace sessiond::cli {

// `sessiond token --sub ID --role R [--user-role U] [--ttl 1h]`: prints a JWT signed with the
// configured secret (or the one `serve` created in the data directory).
void AddTokenCommand(CLI::App& app, int& exit_code);

}  // namespace sessiond::cli
