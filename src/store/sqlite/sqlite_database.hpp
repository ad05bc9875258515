#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/detail/job.hpp"
#include "store/detail/work_queue.hpp"
#include "store/sqlite/commit_watchers.hpp"
#include "store/sqlite/wal_checkpointer.hpp"

namespace sessiond::store::sqlite {

// The embedded backend: one SQLite file in WAL mode, one writer connection on its own
// thread, and `pool_size` reader connections on reader threads. Thread-safe.
//
// Writes queue for the writer thread, which takes everything queued (up to
// max_group_commit) and commits it as one transaction: BEGIN IMMEDIATE, then each unit of
// work inside its own SAVEPOINT (released when the unit succeeds, rolled back to when it
// fails, so one failure undoes only itself), then COMMIT, then each `done` with its own
// result. One commit for many writes is what makes SQLite fast under concurrency; each
// write still sees the ones before it in the group, exactly as if committed one by one.
//
// The writer's commits never checkpoint: a WalCheckpointer thread copies the log into the
// database file beside them.
//
// Reads queue for the reader threads; each runs in a deferred BEGIN ... COMMIT, which WAL
// turns into a snapshot taken at the first statement and unaffected by later commits.
class SqliteDatabase final : public Database {
 public:
  // Opens "sqlite:PATH", creating the file's directory and the file if needed.
  // Errors: kUnprocessable for another URL form or an invalid option; kUnavailable when
  // the file cannot be opened or put in WAL mode.
  static core::Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  ~SqliteDatabase() override;

  Backend backend() const override { return Backend::kSqlite; }
  void WriteAsync(Work work, Done done) override;
  void ReadAsync(Work work, Done done) override;
  void PingAsync(Done done) override;
  PoolStats Stats() const override;
  // One node owns a SQLite file: the lock is always held.
  std::unique_ptr<SessionLock> OpenSessionLock(int64_t) override {
    return std::make_unique<AlwaysHeldLock>();
  }
  std::unique_ptr<TopicWatch> WatchTopic(const std::string& topic,
                                         std::function<void()> on_change) override;
  void Close() override;

  // Test-only: injects faults into the writer's transaction control (BEGIN, SAVEPOINT,
  // RELEASE, ROLLBACK TO, COMMIT); see SqliteConnection::SetControlFaultForTest. The hook
  // runs on the writer thread. Requires: called while no write is queued or running.
  void SetWriterFaultForTest(std::function<int(std::string_view sql)> fault);

 private:
  explicit SqliteDatabase(size_t max_group_commit);

  void Start();
  void WriterLoop();
  void ReaderLoop(SqliteConnection& connection);
  // Commits `batch` as described above and delivers every result.
  void CommitGroup(std::vector<detail::Job>& batch);

  // Constant after construction (the threads only read them; Close() joins the threads
  // before releasing the connections).
  const size_t max_group_commit_;
  std::unique_ptr<SqliteConnection> writer_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // fed by the writer's commits
  std::vector<std::unique_ptr<SqliteConnection>> readers_;

  detail::WorkQueue<detail::Job> writes_;
  detail::WorkQueue<detail::Job> reads_;
  std::atomic<int> open_connections_{0};
  std::atomic<int> in_use_{0};

  CommitWatchers commit_watchers_;

  std::mutex close_mu_;  // serializes Close(); the threads never take it
  std::thread writer_thread_;               // guarded by close_mu_ after Start()
  std::vector<std::thread> reader_threads_;  // guarded by close_mu_ after Start()
};

}  // namespace sessiond::store::sqlite
