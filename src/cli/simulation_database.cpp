#include "cli/simulation_database.hpp"

#include <unistd.h>

#include <random>
#include <system_error>

#include "cli/open_database.hpp"
#include "scheduler/job_repository.hpp"
#include "store/migrator.hpp"

namespace sessiond::cli {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite:";
constexpr const char* kCopyName = "simulate.db";

core::Error FileError(const std::string& what, const std::error_code& error) {
  return core::Error::Unavailable(what + ": " + error.message());
}

// Copies the SQLite database at `source` (and its write-ahead log) to `target`.
//
// Why a plain file copy is consistent here: the copy runs inside a read transaction on the
// original, after a read has pinned its snapshot. In WAL mode that snapshot keeps the log from
// being restarted, and a checkpoint may only write pages into the main file whose newest
// version (up to the snapshot) stays in the log. Copying the main file first and the log
// second therefore captures every page either as of the snapshot or with its newer frame in the
// copied log; SQLite's recovery of the copy replays the log's checksummed, committed frames and
// drops a torn tail. The shared-memory index (-shm) is rebuilt by that recovery, so it is not
// copied. (The SQLite backup API would do the same page by page, but only src/store/sqlite may
// call sqlite3_*; the store has no backup operation yet.)
core::Result<void> CopySqlite(const core::StoreConfig& config, const std::filesystem::path& source,
                              const std::filesystem::path& target) {
  core::Result<std::unique_ptr<store::Database>> original = OpenDatabase(config);
  if (!original) return original.error();
  core::Result<void> copied = (*original)->Read([&](store::Connection& c) -> core::Result<void> {
    // Reading the jobs pins the snapshot, and proves the file is a sessiond database.
    core::Result<std::vector<scheduler::Job>> jobs = scheduler::JobRepository::ListJobs(c);
    if (!jobs) return jobs.error();
    std::error_code error;
    std::filesystem::copy_file(source, target, error);
    if (error) return FileError("copying " + source.string(), error);
    std::filesystem::path log = source.string() + "-wal";
    if (std::filesystem::exists(log, error)) {
      std::filesystem::copy_file(log, target.string() + "-wal", error);
      if (error) return FileError("copying " + log.string(), error);
    }
    return core::Ok();
  });
  (*original)->Close();
  return copied;
}

}  // namespace

core::Result<std::unique_ptr<SimulationDatabase>> SimulationDatabase::Create(
    const core::StoreConfig& config, bool empty) {
  std::string url = config.DatabaseUrl();
  if (!empty && !url.starts_with(kSqliteScheme)) {
    return core::Error::Field(
        core::ErrorCode::kUnprocessable, "store.database",
        "simulate copies SQLite databases only; for PostgreSQL, simulate on an empty database "
        "with --empty (and your jobs with --jobs FILE)");
  }
  std::filesystem::path source(url.substr(kSqliteScheme.size()));
  std::error_code error;
  if (!empty && !std::filesystem::exists(source, error)) {
    return core::Error::NotFound("no database at " + source.string() +
                                 " to copy; simulate on an empty one with --empty");
  }

  std::random_device random;
  std::filesystem::path dir = std::filesystem::temp_directory_path(error) /
                              ("sessiond-simulate-" + std::to_string(::getpid()) + "-" +
                               std::to_string(random() % 1000000));
  if (error) return FileError("finding the temporary directory", error);
  std::filesystem::create_directories(dir, error);
  if (error) return FileError("creating " + dir.string(), error);
  std::unique_ptr<SimulationDatabase> simulation(new SimulationDatabase(dir));

  std::filesystem::path target = dir / kCopyName;
  if (!empty) {
    if (core::Result<void> copied = CopySqlite(config, source, target); !copied) {
      return copied.error();
    }
  }
  store::DatabaseOptions options = DatabaseOptionsFor(config);
  options.url = std::string(kSqliteScheme) + target.string();
  // A throwaway file: nothing to keep across a crash, so no syncing at all, and units of work
  // run on the calling thread with commits batched (a simulated year is 100,000s of runs).
  options.sqlite_synchronous = "OFF";
  options.sqlite_scratch = true;
  core::Result<std::unique_ptr<store::Database>> db = store::Database::Open(options);
  if (!db) return db.error();
  simulation->db_ = std::move(*db);
  // The copy may be of an older schema than this binary's; the original is left as it is.
  core::Result<store::MigrationReport> migrated = store::Migrate(*simulation->db_);
  if (!migrated) return migrated.error();
  return simulation;
}

SimulationDatabase::~SimulationDatabase() {
  if (db_) db_->Close();
  std::error_code ignored;  // a temp directory left behind is not worth failing for
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace sessiond::cli
