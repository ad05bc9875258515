#pragma once

#include <map>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "core/config.hpp"

namespace sessiond::cli {

// The configuration flags of one subcommand: `--config FILE` plus one flag per documented
// key (core::ConfigKeys()), so that `sessiond serve --help` lists every key with its
// environment variable, unit and default. The values are only collected here; LoadConfig
// applies them above the file and the environment.
class ConfigOptions {
 public:
  // Adds the flags to `command`. The object must outlive parsing.
  void AddTo(CLI::App& command);

  // Reads file, SESSIOND_* environment and flags. Errors name the key (see LoadConfig).
  core::Result<core::Config> Load() const;

 private:
  std::string file_path_;
  // Filled by CLI11 when a flag is given; keyed by the config key ("http.listen").
  std::map<std::string, std::string> values_;
};

}  // namespace sessiond::cli
