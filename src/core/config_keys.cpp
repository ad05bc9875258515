#include <charconv>

#include "core/config.hpp"

namespace sessiond::core {
namespace {

Result<int64_t> ParseInt(std::string_view text, int64_t min, int64_t max) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Error::Unprocessable("expected an integer from " + std::to_string(min) + " to " +
                                std::to_string(max) + ", got '" + std::string(text) + "'");
  }
  return value;
}

Result<bool> ParseBool(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return Error::Unprocessable("expected true or false, got '" + std::string(text) + "'");
}

Result<void> CheckListen(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Error::Unprocessable("expected HOST:PORT, got '" + std::string(text) + "'");
  }
  if (Result<int64_t> port = ParseInt(text.substr(colon + 1), 0, 65535); !port) {
    return Error::Unprocessable("expected HOST:PORT with a port from 0 to 65535, got '" +
                                std::string(text) + "'");
  }
  return Ok();
}

Result<void> CheckDatabaseUrl(std::string_view text) {
  if (text.starts_with("sqlite:") || text.starts_with("postgres://") ||
      text.starts_with("postgresql://")) {
    return Ok();
  }
  return Error::Unprocessable("expected sqlite:PATH or postgres://user:pass@host:port/db, got '" +
                              std::string(text) + "'");
}

// Setters for the table below. Each parses, checks and stores one field.
#define SESSIOND_INT_SETTER(field, min, max)                        \
  [](Config& c, std::string_view t) -> Result<void> {               \
    Result<int64_t> v = ParseInt(t, min, max);                      \
    if (!v) return v.error();                                       \
    c.field = static_cast<decltype(c.field)>(*v);                   \
    return Ok();                                                    \
  }
#define SESSIOND_DURATION_SETTER(field)                             \
  [](Config& c, std::string_view t) -> Result<void> {               \
    Result<Duration> v = Duration::Parse(t);                        \
    if (!v) return v.error();                                       \
    c.field = *v;                                                   \
    return Ok();                                                    \
  }

// A duration that must be above zero.
#define SESSIOND_POSITIVE_DURATION_SETTER(field)                                 \
  [](Config& c, std::string_view t) -> Result<void> {                            \
    Result<Duration> v = Duration::Parse(t);                                     \
    if (!v) return v.error();                                                    \
    if (*v <= Duration()) return Error::Unprocessable("expected a duration above zero"); \
    c.field = *v;                                                                \
    return Ok();                                                                 \
  }

}  // namespace

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> kKeys = {
      {"http.listen", "SESSIOND_LISTEN", "--listen", "HOST:PORT", "127.0.0.1:8080",
       "address and port the HTTP server listens on (port 0 picks a free one)",
       [](Config& c, std::string_view t) -> Result<void> {
         if (Result<void> r = CheckListen(t); !r) return r;
         c.http.listen = std::string(t);
         return Ok();
       }},
      {"http.io_threads", "SESSIOND_IO_THREADS", "--io-threads", "threads", "0",
       "HTTP I/O threads; 0 means one per core", SESSIOND_INT_SETTER(http.io_threads, 0, 256)},
      {"http.body_limit", "SESSIOND_BODY_LIMIT", "--body-limit", "bytes", "1048576",
       "largest request body accepted; larger ones get 413",
       SESSIOND_INT_SETTER(http.body_limit, 1, int64_t{1} << 32)},
      {"http.header_limit", "SESSIOND_HEADER_LIMIT", "--header-limit", "bytes", "16384",
       "largest request header block accepted; larger ones get 431",
       SESSIOND_INT_SETTER(http.header_limit, 1024, 1 << 20)},
      {"http.read_timeout", "SESSIOND_READ_TIMEOUT", "--read-timeout", "duration", "10s",
       "time allowed to receive one whole request", SESSIOND_DURATION_SETTER(http.read_timeout)},
      {"http.idle_timeout", "SESSIOND_IDLE_TIMEOUT", "--idle-timeout", "duration", "60s",
       "a keep-alive connection with no request for this long is closed",
       SESSIOND_DURATION_SETTER(http.idle_timeout)},
      {"http.shutdown_grace", "SESSIOND_SHUTDOWN_GRACE", "--shutdown-grace", "duration", "10s",
       "on SIGTERM/SIGINT, time in-flight requests get to finish",
       SESSIOND_DURATION_SETTER(http.shutdown_grace)},
      {"http.access_log", "SESSIOND_ACCESS_LOG", "--access-log", "bool", "true",
       "log one line per request",
       [](Config& c, std::string_view t) -> Result<void> {
         Result<bool> v = ParseBool(t);
         if (!v) return v.error();
         c.http.access_log = *v;
         return Ok();
       }},
      {"store.database", "SESSIOND_DATABASE", "--database", "URL",
       "sqlite:<data_dir>/sessiond.db", "sqlite:PATH or postgres://user:pass@host:port/db",
       [](Config& c, std::string_view t) -> Result<void> {
         if (Result<void> r = CheckDatabaseUrl(t); !r) return r;
         c.store.database = std::string(t);
         return Ok();
       }},
      {"store.data_dir", "SESSIOND_DATA_DIR", "--data-dir", "path", "./data",
       "directory of the SQLite file and local secrets (jwt_secret)",
       [](Config& c, std::string_view t) -> Result<void> {
         if (t.empty()) return Error::Unprocessable("expected a directory path");
         c.store.data_dir = std::string(t);
         return Ok();
       }},
      {"store.pool_size", "SESSIOND_POOL_SIZE", "--pool-size", "connections", "8",
       "database connections kept open (SQLite: reader connections)",
       SESSIOND_INT_SETTER(store.pool_size, 1, 512)},
      {"store.busy_timeout", "SESSIOND_BUSY_TIMEOUT", "--busy-timeout", "duration", "5s",
       "SQLite: how long a connection waits for a lock", SESSIOND_DURATION_SETTER(store.busy_timeout)},
      {"store.max_group_commit", "SESSIOND_MAX_GROUP_COMMIT", "--max-group-commit", "writes", "256",
       "SQLite: most queued writes committed in one transaction",
       SESSIOND_INT_SETTER(store.max_group_commit, 1, 100000)},
      {"store.sqlite_synchronous", "SESSIOND_SQLITE_SYNCHRONOUS", "--sqlite-synchronous",
       "NORMAL|FULL", "NORMAL",
       "SQLite durability: NORMAL survives a process crash, FULL also a power loss",
       [](Config& c, std::string_view t) -> Result<void> {
         if (t != "NORMAL" && t != "FULL") return Error::Unprocessable("expected NORMAL or FULL");
         c.store.sqlite_synchronous = std::string(t);
         return Ok();
       }},
      {"auth.jwt_secret", "SESSIOND_JWT_SECRET", "--jwt-secret", "text",
       "(generated into <data_dir>/jwt_secret)", "HS256 key that signs and verifies tokens",
       [](Config& c, std::string_view t) -> Result<void> {
         c.auth.jwt_secret = std::string(t);
         return Ok();
       }},
      {"auth.audience", "SESSIOND_JWT_AUDIENCE", "--jwt-audience", "text", "(not checked)",
       "when set, tokens must carry this `aud`",
       [](Config& c, std::string_view t) -> Result<void> {
         c.auth.audience = std::string(t);
         return Ok();
       }},
      {"auth.leeway", "SESSIOND_JWT_LEEWAY", "--jwt-leeway", "duration", "30s",
       "clock skew tolerated on exp and nbf", SESSIOND_DURATION_SETTER(auth.leeway)},
      {"scheduler.enabled", "SESSIOND_SCHEDULER", "--scheduler", "bool", "true",
       "run scheduled jobs and deadlines on this node",
       [](Config& c, std::string_view t) -> Result<void> {
         Result<bool> v = ParseBool(t);
         if (!v) return v.error();
         c.scheduler.enabled = *v;
         return Ok();
       }},
      {"scheduler.workers", "SESSIOND_SCHEDULER_WORKERS", "--scheduler-workers", "runs", "8",
       "job runs executed at the same time", SESSIOND_INT_SETTER(scheduler.workers, 1, 1024)},
      {"scheduler.node_id", "SESSIOND_NODE_ID", "--node-id", "text", "(host-pid-random)",
       "this node's name in runs and GET /v1/scheduler",
       [](Config& c, std::string_view t) -> Result<void> {
         c.scheduler.node_id = std::string(t);
         return Ok();
       }},
      {"scheduler.default_jobs", "SESSIOND_DEFAULT_JOBS", "--default-jobs", "bool", "true",
       "install the built-in jobs (prune-run-history...) when they are missing",
       [](Config& c, std::string_view t) -> Result<void> {
         Result<bool> v = ParseBool(t);
         if (!v) return v.error();
         c.scheduler.default_jobs = *v;
         return Ok();
       }},
      {"realtime.heartbeat", "SESSIOND_REALTIME_HEARTBEAT", "--realtime-heartbeat", "duration",
       "15s", "SSE heartbeat comment interval when no event is sent",
       SESSIOND_POSITIVE_DURATION_SETTER(realtime.heartbeat)},
      {"checkins.default_ttl", "SESSIOND_CHECKIN_TTL", "--checkin-ttl", "duration", "1h",
       "how long a check-in without \"ttl\" stays active",
       SESSIOND_POSITIVE_DURATION_SETTER(checkins.default_ttl)},
      {"checkins.max_ttl", "SESSIOND_CHECKIN_MAX_TTL", "--checkin-max-ttl", "duration", "24h",
       "longest TTL a check-in may ask for (longer is 422)",
       SESSIOND_POSITIVE_DURATION_SETTER(checkins.max_ttl)},
      {"log.level", "SESSIOND_LOG_LEVEL", "--log-level", "level", "info",
       "trace, debug, info, warn or error",
       [](Config& c, std::string_view t) -> Result<void> {
         for (std::string_view level : {"trace", "debug", "info", "warn", "error"}) {
           if (t == level) {
             c.log.level = std::string(t);
             return Ok();
           }
         }
         return Error::Unprocessable("expected trace, debug, info, warn or error");
       }},
  };
  return kKeys;
}

}  // namespace sessiond::core
