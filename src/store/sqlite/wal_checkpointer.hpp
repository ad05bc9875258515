#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/result.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace sessiond::store::sqlite {

// Copies the write-ahead log back into the database file on a thread of its own, so that the
// writer's commits never wait for it. SQLite's automatic checkpoint runs inside the commit
// that crosses its threshold: that commit (and the whole group behind it) then waits for the
// copy and, with synchronous=NORMAL, for two fsyncs. Here the writer only reports the log's
// size after each commit (SetWalHook) and this thread runs PASSIVE checkpoints, which never
// block the writer or the readers. Thread-safe.
class WalCheckpointer {
 public:
  // Opens its own connection to the file of `settings` and starts the thread. A checkpoint
  // runs once the log holds `threshold_pages` pages (SQLite's default is 1000).
  // Errors: the connection's.
  static core::Result<std::unique_ptr<WalCheckpointer>> Start(SqliteConnection::Settings settings,
                                                              int threshold_pages);
  // Stops the thread; a checkpoint in progress, or asked for already, is done first.
  ~WalCheckpointer();

  // Called by the writer after each commit (SqliteConnection::SetWalHook) with the number of
  // pages now in the log: quick, it only wakes the thread when a checkpoint is due. The log
  // file restarts from its beginning only once a checkpoint has caught up with its end, which
  // a thread copying beside a writer that never pauses may not manage: past four times the
  // threshold, `writer` checkpoints itself, there and then, as SQLite would have (what is
  // left to copy is the part the thread has not copied yet).
  void LogGrew(SqliteConnection& writer, int pages);

 private:
  WalCheckpointer(std::unique_ptr<SqliteConnection> connection, int threshold_pages);
  void Loop();

  const std::unique_ptr<SqliteConnection> connection_;  // used by the thread only
  const int threshold_pages_;

  std::mutex mu_;
  std::condition_variable due_;
  bool checkpoint_due_ = false;  // guarded by mu_
  bool stopping_ = false;        // guarded by mu_
  std::thread thread_;
};

}  // namespace sessiond::store::sqlite
