#include "cli/config_options.hpp"

#include <cstdlib>

namespace sessiond::cli {

void ConfigOptions::AddTo(CLI::App& command) {
  command.add_option("--config", file_path_, "TOML configuration file")
      ->envname("SESSIOND_CONFIG")
      ->group("Configuration");
  for (const core::ConfigKey& key : core::ConfigKeys()) {
    std::string help = std::string(key.description) + " [" + std::string(key.unit) +
                       ", default " + std::string(key.default_value) + "; " +
                       std::string(key.key) + ", $" + std::string(key.env) + "]";
    std::string name(key.key);
    command
        .add_option_function<std::string>(
            std::string(key.flag), [this, name](const std::string& v) { values_[name] = v; }, help)
        ->group("Configuration");
  }
}

core::Result<core::Config> ConfigOptions::Load() const {
  core::ConfigSources sources;
  sources.file_path = file_path_;
  // The one place the process environment is read (STYLE.md, section 5).
  sources.getenv = [](const char* name) { return std::getenv(name); };
  for (const auto& [key, value] : values_) sources.flags.emplace(key, value);
  return core::LoadConfig(sources);
}

}  // namespace sessiond::cli
