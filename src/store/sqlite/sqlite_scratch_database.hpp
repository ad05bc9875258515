#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/detail/job.hpp"
#include "store/sqlite/commit_watchers.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace sessiond::store::sqlite {

// A throwaway SQLite database (`sessiond simulate`'s private copy, DatabaseOptions::
// sqlite_scratch): one connection and no threads. Every unit of work runs at once on the
// calling thread, one at a time, in a SAVEPOINT of its own inside a long transaction that
// commits every kUnitsPerCommit writes and at Close(). Reads run on the same connection and
// see every write made before them, committed or not.
//
// What it gives up, and why that is right only for a file deleted afterwards: `done` is told
// before the write is durable (a crash loses up to kUnitsPerCommit writes), and a read is a
// view of the writer's transaction, not a snapshot of its own. What it buys: a simulated year
// of the default jobs is about 124,000 runs of three units each, and a thread hand-off plus a
// commit per unit cost 0.77 ms a run, where the statements themselves cost microseconds.
// Thread-safe (units from several threads take turns).
class SqliteScratchDatabase final : public Database {
 public:
  static constexpr int kUnitsPerCommit = 4096;

  // Opens "sqlite:PATH" like SqliteDatabase (same errors), with options.sqlite_synchronous.
  static core::Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  ~SqliteScratchDatabase() override;

  Backend backend() const override { return Backend::kSqlite; }
  void WriteAsync(Work work, Done done) override;
  void ReadAsync(Work work, Done done) override;
  void PingAsync(Done done) override;
  PoolStats Stats() const override;
  std::unique_ptr<SessionLock> OpenSessionLock(int64_t) override {
    return std::make_unique<AlwaysHeldLock>();
  }
  // `on_change` runs after every write that succeeded (its commit may come later).
  std::unique_ptr<TopicWatch> WatchTopic(const std::string& topic,
                                         std::function<void()> on_change) override;
  // Commits what is pending, then closes the connection.
  void Close() override;

 private:
  explicit SqliteScratchDatabase(std::unique_ptr<SqliteConnection> connection);

  // Runs `job` now, then any unit that it queued from inside itself.
  void Run(detail::Job job);
  core::Result<void> WriteLocked(const Work& work);
  core::Result<void> ReadLocked(const Work& work);
  core::Result<void> CommitLocked();

  mutable std::mutex mu_;
  std::unique_ptr<SqliteConnection> connection_;  // guarded by mu_; null once closed
  int uncommitted_ = 0;                           // guarded by mu_
  bool busy_ = false;                             // guarded by mu_; a unit runs now
  // Units queued by a unit of work from inside itself (Write would deadlock there): run right
  // after it, in order. Guarded by mu_ (only the thread running the unit pushes).
  std::vector<detail::Job> deferred_;

  CommitWatchers watchers_;
};

}  // namespace sessiond::store::sqlite
