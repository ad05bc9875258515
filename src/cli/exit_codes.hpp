#pragma once

#include "core/error.hpp"

namespace sessiond::cli {

// Process exit codes of every command.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;       // the command ran and failed (database down, refused)
constexpr int kExitUsage = 2;         // bad flags or configuration

// Prints `error` to stderr as one line (and its details) and returns the exit code for its
// kind: kExitUsage for invalid input, kExitFailure otherwise.
int ReportError(const core::Error& error);

}  // namespace sessiond::cli
