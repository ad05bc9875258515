#pragma once

#include <CLI/CLI.hpp>

namespace sessiond::cli {

// `sessiond simulate --from T --to T [--empty] [--jobs FILE] [config flags]`: runs the whole
// scheduler, with its real tasks, over [from, to] on a SimulatedClock, against a private copy
// of the configured SQLite database (or, with --empty, a new database with the default jobs),
// and prints every run it made, then a count per job. The real database is never written.
// --jobs FILE adds (or, by name, replaces) jobs from a JSON array of POST /v1/jobs bodies.
// Exit 0 when the simulation ran (whatever its runs' outcomes), 2 for bad flags or job
// bodies, 1 when it could not run.
void AddSimulateCommand(CLI::App& app, int& exit_code);

}  // namespace sessiond::cli
