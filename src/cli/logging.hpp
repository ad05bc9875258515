#pragma once

#include <string>

namespace sessiond::cli {

// Sets up the process-wide logger: one line per event on stderr, at `level`.
void SetUpLogging(const std::string& level);

}  // namespace sessiond::cli
