#include "store/sqlite/sqlite_scratch_database.hpp"

#include <spdlog/spdlog.h>

#include <cassert>
#include <utility>

#include "store/sqlite/sqlite_options.hpp"
#include "store/sqlite/sqlite_unit.hpp"

namespace sessiond::store::sqlite {

core::Result<std::unique_ptr<Database>> SqliteScratchDatabase::Open(const DatabaseOptions& options) {
  core::Result<SqliteConnection::Settings> settings = WriterSettings(options);
  if (!settings) return settings.error();
  if (core::Result<void> made = CreateDirectoryOf(settings->path); !made) return made.error();
  core::Result<std::unique_ptr<SqliteConnection>> connection = SqliteConnection::Open(*settings);
  if (!connection) return connection.error();
  // No checkpointer thread here: SQLite's own automatic checkpoint, inside a commit that comes
  // once every kUnitsPerCommit writes, keeps the log bounded.
  if (core::Result<void> set = (*connection)->ExecuteScript("PRAGMA wal_autocheckpoint=1000;"); !set) {
    return set.error();
  }
  return std::unique_ptr<Database>(new SqliteScratchDatabase(std::move(*connection)));
}

SqliteScratchDatabase::SqliteScratchDatabase(std::unique_ptr<SqliteConnection> connection)
    : connection_(std::move(connection)) {}

SqliteScratchDatabase::~SqliteScratchDatabase() { Close(); }

void SqliteScratchDatabase::WriteAsync(Work work, Done done) {
  Run(detail::Job{std::move(work), std::move(done), false});
}

void SqliteScratchDatabase::ReadAsync(Work work, Done done) {
  Run(detail::Job{std::move(work), std::move(done), true});
}

void SqliteScratchDatabase::PingAsync(Done done) { ReadAsync(ReadSchema, std::move(done)); }

PoolStats SqliteScratchDatabase::Stats() const {
  std::lock_guard lock(mu_);
  return PoolStats{connection_ ? 1 : 0, busy_ ? 1 : 0, 0};
}

void SqliteScratchDatabase::Run(detail::Job job) {
  if (detail::OnStoreThread()) {
    // Queued from inside a unit of work, on the thread that holds mu_ for it: after it.
    deferred_.push_back(std::move(job));
    return;
  }
  std::vector<detail::Job> jobs;
  jobs.push_back(std::move(job));
  for (size_t i = 0; i < jobs.size(); ++i) {
    core::Result<void> result = core::Ok();
    {
      std::lock_guard lock(mu_);
      if (!connection_) {
        result = core::Error::Unavailable("database is closed");
      } else {
        detail::StoreThreadMarker marker;  // a blocking call from the unit fails, not deadlocks
        busy_ = true;
        result = jobs[i].read_only ? ReadLocked(jobs[i].work) : WriteLocked(jobs[i].work);
        busy_ = false;
      }
      for (detail::Job& queued : deferred_) jobs.push_back(std::move(queued));
      deferred_.clear();
    }
    if (!jobs[i].read_only && result.ok()) watchers_.Notify();
    detail::Deliver(jobs[i].done, std::move(result));
  }
}

core::Result<void> SqliteScratchDatabase::WriteLocked(const Work& work) {
  if (!connection_->InTransaction()) {
    if (core::Result<void> begun = connection_->Control("BEGIN IMMEDIATE"); !begun) return begun;
    uncommitted_ = 0;
  }
  UnitOutcome outcome = RunInSavepoint(*connection_, work);
  if (outcome.transaction_lost) {
    // The writes since the last commit, already reported done, are gone with it. Said loudly:
    // a scratch database has no other reader to notice.
    spdlog::error("scratch database: a transaction holding {} earlier write(s) was rolled back",
                  uncommitted_);
    if (connection_->InTransaction()) (void)connection_->Control("ROLLBACK");
    uncommitted_ = 0;
    if (outcome.result.ok()) {
      return core::Error::Unavailable("write undone: its transaction was rolled back");
    }
    return outcome.result;
  }
  if (outcome.result.ok() && ++uncommitted_ >= kUnitsPerCommit) return CommitLocked();
  return outcome.result;
}

core::Result<void> SqliteScratchDatabase::ReadLocked(const Work& work) {
  // Inside the open write transaction, a read sees it; otherwise it gets a snapshot of its own.
  bool own = !connection_->InTransaction();
  if (own) {
    if (core::Result<void> begun = connection_->Control("BEGIN"); !begun) return begun;
  }
  connection_->BeginUnit();
  core::Result<void> result = detail::RunWork(work, *connection_);
  if (result.ok() && connection_->unit_error()) result = *connection_->unit_error();
  if (own && connection_->InTransaction()) {
    core::Result<void> ended = connection_->Control(result.ok() ? "COMMIT" : "ROLLBACK");
    if (result.ok()) result = std::move(ended);
  }
  return result;
}

core::Result<void> SqliteScratchDatabase::CommitLocked() {
  uncommitted_ = 0;
  if (!connection_->InTransaction()) return core::Ok();
  core::Result<void> committed = connection_->Control("COMMIT");
  if (!committed && connection_->InTransaction()) (void)connection_->Control("ROLLBACK");
  return committed;
}

void SqliteScratchDatabase::Close() {
  assert(!detail::OnStoreThread() && "Close() from a unit of work would wait for itself");
  std::lock_guard lock(mu_);
  if (!connection_) return;
  if (core::Result<void> committed = CommitLocked(); !committed) {
    spdlog::error("scratch database: the last commit failed: {}", committed.error().ToString());
  }
  connection_.reset();
}

std::unique_ptr<TopicWatch> SqliteScratchDatabase::WatchTopic(const std::string&,
                                                              std::function<void()> on_change) {
  return watchers_.Add(std::move(on_change));
}

}  // namespace sessiond::store::sqlite
