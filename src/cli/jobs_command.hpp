#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/config_options.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "scheduler/run.hpp"
#include "store/database.hpp"

namespace sessiond::cli {

// `sessiond jobs list|show|run|pause|resume|history`: the scheduler's jobs, read and changed
// in the configured database directly (not through the HTTP API). A running server sees
// pause and resume at its next refresh (scheduler refresh interval, 2 s). `jobs run` executes
// the job in this process (Scheduler::RunDirect), prints the finished run as JSON and exits 0
// only if it succeeded.
void AddJobsCommand(CLI::App& app, int& exit_code);

// Shared by the commands that work on the configured database (jobs, backfill): loads the
// configuration, sets up logging on stderr, and opens the database. Refuses (kUnavailable) a
// schema other than the one this binary carries: the CLI never migrates behind the operator's
// back (`sessiond migrate` does). `config` receives the loaded configuration.
core::Result<std::unique_ptr<store::Database>> OpenJobStore(const ConfigOptions& options,
                                                            core::Config& config);

// One run on one line, for history and backfill:
// "started_at  scheduled_for  trigger  attempt  status  error".
std::string FormatRunLine(const scheduler::Run& run);

}  // namespace sessiond::cli
