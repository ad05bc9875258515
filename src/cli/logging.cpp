#include "cli/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace sessiond::cli {

void SetUpLogging(const std::string& level) {
  // Unbuffered stderr: a supervisor (or a test) sees each line as it happens, and nothing is
  // lost when the process is killed.
  auto logger = spdlog::stderr_logger_mt("sessiond");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

}  // namespace sessiond::cli
