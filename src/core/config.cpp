#include "core/config.hpp"

#include <toml++/toml.h>

namespace sessiond::core {
namespace {

Error KeyError(const ConfigKey& key, std::string_view source, const Error& cause,
               std::string_view text) {
  Error error = Error::Field(ErrorCode::kUnprocessable, key.key,
                             "config key " + std::string(key.key) + " (from " +
                                 std::string(source) + "): " + cause.message,
                             text);
  error.details["source"] = std::string(source);
  return error;
}

// TOML values arrive typed; the keys parse text, so write each scalar back as text.
std::optional<std::string> ScalarText(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (node.is_integer()) return std::to_string(*node.value<int64_t>());
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  if (node.is_floating_point()) return std::to_string(*node.value<double>());
  return std::nullopt;
}

const ConfigKey* FindKey(std::string_view name) {
  for (const ConfigKey& key : ConfigKeys()) {
    if (key.key == name) return &key;
  }
  return nullptr;
}

Result<void> ApplyFile(Config& config, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    Error error = Error::Unprocessable("config file " + path + ": " + std::string(e.description()));
    error.details["source"] = path;
    error.details["line"] = e.source().begin.line;
    return error;
  }
  // Walk every leaf so that a misspelt key is an error rather than silently ignored.
  Result<void> status;
  std::function<void(const toml::table&, const std::string&)> walk =
      [&](const toml::table& t, const std::string& prefix) {
        for (const auto& [name, node] : t) {
          if (!status) return;
          std::string dotted = prefix.empty() ? std::string(name.str())
                                              : prefix + "." + std::string(name.str());
          if (const toml::table* inner = node.as_table()) {
            walk(*inner, dotted);
            continue;
          }
          const ConfigKey* key = FindKey(dotted);
          if (!key) {
            Error error = Error::Field(ErrorCode::kUnprocessable, dotted,
                                       "config file " + path + ": unknown key " + dotted, dotted);
            error.details["source"] = path;
            status = error;
            return;
          }
          std::optional<std::string> text = ScalarText(node);
          if (!text) {
            status = KeyError(*key, path, Error::Unprocessable("expected a scalar value"), "");
            return;
          }
          if (Result<void> r = key->apply(config, *text); !r) {
            status = KeyError(*key, path, r.error(), *text);
            return;
          }
        }
      };
  walk(table, "");
  return status;
}

}  // namespace

std::string StoreConfig::DatabaseUrl() const {
  if (!database.empty()) return database;
  return "sqlite:" + data_dir + "/sessiond.db";
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  if (!sources.file_path.empty()) {
    if (Result<void> r = ApplyFile(config, sources.file_path); !r) return r.error();
  }
  if (sources.getenv) {
    for (const ConfigKey& key : ConfigKeys()) {
      const char* value = sources.getenv(std::string(key.env).c_str());
      if (!value) continue;
      if (Result<void> r = key.apply(config, value); !r) {
        return KeyError(key, key.env, r.error(), value);
      }
    }
  }
  for (const auto& [name, value] : sources.flags) {
    const ConfigKey* key = FindKey(name);
    if (!key) return Error::Field(ErrorCode::kUnprocessable, name, "unknown config key " + name);
    if (Result<void> r = key->apply(config, value); !r) {
      return KeyError(*key, key->flag, r.error(), value);
    }
  }
  return config;
}

}  // namespace sessiond::core
