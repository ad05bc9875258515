#pragma once

#include <CLI/CLI.hpp>

namespace sessiond::cli {

// The version compiled in from CMake's project(VERSION).
const char* Version();

// `sessiond version`: prints the version and the schema versions this binary carries.
void AddVersionCommand(CLI::App& app, int& exit_code);

}  // namespace sessiond::cli
