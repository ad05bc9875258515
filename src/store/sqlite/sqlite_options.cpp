#include "store/sqlite/sqlite_options.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <filesystem>
#include <system_error>

namespace sessiond::store::sqlite {
namespace {

constexpr std::string_view kScheme = "sqlite:";

// Checks the URL and returns the file path in it.
core::Result<std::string> ParsePath(const std::string& url) {
  if (!url.starts_with(kScheme)) return core::Error::Unprocessable("not a sqlite: URL");
  std::string path = url.substr(kScheme.size());
  // "sqlite://x" would mean the absolute path "/x" to SQLite but a host "x" to anyone who
  // knows URLs; refuse the ambiguity instead of guessing.
  if (path.starts_with("//")) {
    return core::Error::Unprocessable(
        "write SQLite URLs as sqlite:PATH, e.g. sqlite:./data/sessiond.db or "
        "sqlite:/var/lib/sessiond/sessiond.db");
  }
  if (path.empty()) return core::Error::Unprocessable("sqlite: URL without a file path");
  if (path == ":memory:" || path.starts_with("file:")) {
    // The writer and the readers are separate connections and must share one file.
    return core::Error::Unprocessable("SQLite in-memory and file: URI databases are not supported");
  }
  return path;
}

core::Result<std::string> ParseSynchronous(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return char(std::toupper(c)); });
  if (text == "OFF" || text == "NORMAL" || text == "FULL" || text == "EXTRA") return text;
  return core::Error::Unprocessable("sqlite_synchronous must be OFF, NORMAL, FULL or EXTRA, not '" +
                                    text + "'");
}

}  // namespace

core::Result<SqliteConnection::Settings> WriterSettings(const DatabaseOptions& options) {
  core::Result<std::string> path = ParsePath(options.url);
  if (!path) return path.error();
  core::Result<std::string> synchronous = ParseSynchronous(options.sqlite_synchronous);
  if (!synchronous) return synchronous.error();
  int64_t busy_ms = options.busy_timeout.millis();
  if (busy_ms < 0 || busy_ms > INT_MAX) {
    return core::Error::Unprocessable("busy_timeout out of range: " + options.busy_timeout.ToString());
  }
  return SqliteConnection::Settings{*path, SqliteConnection::Role::kWriter, int(busy_ms),
                                    *synchronous};
}

core::Result<void> CreateDirectoryOf(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) return core::Ok();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return core::Error::Unavailable("cannot create directory " + dir.string() + ": " + ec.message());
  }
  return core::Ok();
}

}  // namespace sessiond::store::sqlite
