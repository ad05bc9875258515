#pragma once

#include <CLI/CLI.hpp>

namespace sessiond::cli {

// `sessiond backfill JOB --from T --to T`: runs, in this process and oldest first, every
// occurrence of JOB in [from, to] that has no succeeded run (JobService::PlanBackfill), one
// after the other (Scheduler::RunDirect, trigger `backfill`), printing one line per run as it
// finishes. Exit 0 when every run succeeded (or there was nothing to do), 1 otherwise.
void AddBackfillCommand(CLI::App& app, int& exit_code);

}  // namespace sessiond::cli
