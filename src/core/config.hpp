#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.hpp"
#include "core/result.hpp"

namespace sessiond::core {

// Every setting of the server, read once at start and handed down by const reference
// (STYLE.md, section 5). Each field: unit and default. The documented table of keys is
// ConfigKeys() (config_keys.cpp), printed by `sessiond serve --help` and docs/operations.md.
struct HttpConfig {
  std::string listen = "127.0.0.1:8080";             // HOST:PORT
  int io_threads = 0;                                // threads; 0 = number of cores
  uint64_t body_limit = 1 << 20;                     // bytes; larger bodies get 413
  uint64_t header_limit = 16 << 10;                  // bytes; larger headers get 431
  Duration read_timeout = Duration::Seconds(10);     // to receive one whole request
  Duration idle_timeout = Duration::Seconds(60);     // a keep-alive connection with no request
  Duration shutdown_grace = Duration::Seconds(10);   // in-flight requests get this long on stop
  bool access_log = true;                            // one log line per request
};

struct StoreConfig {
  std::string database;                              // URL; empty = sqlite:<data_dir>/sessiond.db
  std::string data_dir = "./data";                   // SQLite file and local secrets
  int pool_size = 8;                                 // connections (readers on SQLite)
  Duration busy_timeout = Duration::Seconds(5);      // SQLite lock wait
  int max_group_commit = 256;                        // SQLite writes per group commit
  std::string sqlite_synchronous = "NORMAL";         // NORMAL or FULL

  // The URL in force: `database`, or the SQLite file in data_dir.
  std::string DatabaseUrl() const;
};

struct AuthConfig {
  std::string jwt_secret;                            // HS256 key; empty = data_dir/jwt_secret
  std::string audience;                              // required `aud`; empty = not checked
  Duration leeway = Duration::Seconds(30);           // clock skew allowed on exp and nbf
};

struct SchedulerConfig {
  bool enabled = true;                               // run jobs on this node
  int workers = 8;                                   // runs at the same time
  std::string node_id;                               // empty = host name, process id, random
  bool default_jobs = true;                          // install the built-in jobs when missing
};

struct RealtimeConfig {
  Duration heartbeat = Duration::Seconds(15);        // SSE comment when nothing else is sent
};

struct CheckinsConfig {
  Duration default_ttl = Duration::Hours(1);         // a check-in without "ttl" lasts this long
  Duration max_ttl = Duration::Hours(24);            // longer TTLs are refused with 422
};

struct LogConfig {
  std::string level = "info";                        // trace, debug, info, warn, error
};

struct Config {
  HttpConfig http;
  StoreConfig store;
  AuthConfig auth;
  SchedulerConfig scheduler;
  RealtimeConfig realtime;
  CheckinsConfig checkins;
  LogConfig log;
};

// One documented setting: its TOML key, environment variable and flag.
struct ConfigKey {
  std::string_view key;          // dotted TOML path, e.g. "http.listen"
  std::string_view env;          // e.g. "SESSIOND_LISTEN"
  std::string_view flag;         // e.g. "--listen"
  std::string_view unit;         // e.g. "HOST:PORT", "bytes", "duration"
  std::string_view default_value;
  std::string_view description;
  // Parses `text` into the config. kUnprocessable with a message saying what is expected.
  Result<void> (*apply)(Config& config, std::string_view text);
};

// Every key, in documentation order.
const std::vector<ConfigKey>& ConfigKeys();

// Where settings come from, lowest precedence first.
struct ConfigSources {
  std::string file_path;                                       // TOML file; empty = none
  std::function<const char*(const char*)> getenv;              // null = no environment
  std::map<std::string, std::string, std::less<>> flags;       // by key, e.g. "http.listen"
};

// Builds the configuration: defaults, then the TOML file, then SESSIOND_* variables, then
// flags. Errors (kUnprocessable) name the key and the source in details.field and
// details.source: an unknown key in the file, a value of the wrong form, an unreadable file.
Result<Config> LoadConfig(const ConfigSources& sources);

}  // namespace sessiond::core
