#include "store/database.hpp"

#include <future>
#include <string_view>

#include "store/detail/job.hpp"
#include "store/postgres/pg_database.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_scratch_database.hpp"

namespace sessiond::store {
namespace {

// Runs one of the *Async calls and waits for its `done`.
template <typename Start>
core::Result<void> Wait(Start start) {
  if (detail::OnStoreThread()) {
    return core::Error::Internal(
        "blocking store call on a store thread would deadlock; use the *Async form");
  }
  std::promise<core::Result<void>> outcome;
  std::future<core::Result<void>> result = outcome.get_future();
  start([&outcome](core::Result<void> r) { outcome.set_value(std::move(r)); });
  return result.get();
}

}  // namespace

core::Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::string_view url = options.url;
  if (url.starts_with("sqlite:")) {
    return options.sqlite_scratch ? sqlite::SqliteScratchDatabase::Open(options)
                                  : sqlite::SqliteDatabase::Open(options);
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return postgres::PgDatabase::Open(options);
  }
  // Only the scheme is quoted: the rest of a URL may hold a password.
  std::string_view scheme = url.substr(0, url.find(':'));
  return core::Error::Unprocessable("unknown database URL scheme '" + std::string(scheme) +
                                    "': expected sqlite:PATH or postgres://...");
}

core::Result<void> Database::Write(Work work) {
  return Wait([&](Done done) { WriteAsync(std::move(work), std::move(done)); });
}

core::Result<void> Database::Read(Work work) {
  return Wait([&](Done done) { ReadAsync(std::move(work), std::move(done)); });
}

core::Result<void> Database::Ping() {
  return Wait([&](Done done) { PingAsync(std::move(done)); });
}

}  // namespace sessiond::store
