#pragma once

#include <CLI/CLI.hpp>

namespace sessiond::cli {

// `sessiond schedule preview EXPR [--tz ZONE] [--count N] [--from T]`: prints the next N
// occurrences of a schedule expression, one a line: the UTC instant, the local time with its
// offset, and "dst-shifted" when the wall time fell in a spring-forward gap. Needs neither
// configuration nor database. Exit 2, naming the cron field and token, for an invalid
// expression, zone or instant.
void AddScheduleCommand(CLI::App& app, int& exit_code);

}  // namespace sessiond::cli
