#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/duration.hpp"
#include "core/result.hpp"
#include "store/connection.hpp"
#include "store/session_lock.hpp"

namespace sessiond::store {

// A unit of work: runs SQL on the connection it is lent and returns ok to commit, or an
// error to undo everything it did.
using Work = std::function<core::Result<void>(Connection&)>;
// Receives the outcome of a unit of work, after its commit (or rollback), on a store thread.
// It must be quick and must not throw (a throw there terminates the process); it may queue
// more work with WriteAsync/ReadAsync but must not block on the store (Write, Read, Ping).
// A unit of work that throws is rolled back and its `done` gets kInternal with the message.
using Done = std::function<void(core::Result<void>)>;

// A running Database::WatchTopic; destroying it stops the watch.
class TopicWatch {
 public:
  virtual ~TopicWatch() = default;
};

// How to open a database. Every field has a default that `sessiond serve` uses.
struct DatabaseOptions {
  // "sqlite:PATH" or "postgres://user:pass@host:port/db" (also "postgresql://").
  std::string url = "sqlite:./data/sessiond.db";
  // Connections (PostgreSQL) or reader connections (SQLite) kept open. Default 8.
  int pool_size = 8;
  // SQLite: how long a connection waits on a lock before failing. Default 5 s.
  core::Duration busy_timeout = core::Duration::Seconds(5);
  // SQLite: the most writes committed together in one group commit. Default 256.
  int max_group_commit = 256;
  // SQLite: PRAGMA synchronous; "NORMAL" (default, durable in WAL mode across a process
  // crash) or "FULL" (also across power loss).
  std::string sqlite_synchronous = "NORMAL";
  // SQLite: a throwaway file (simulate's copy). Units of work run on the calling thread on one
  // connection and commit in batches, so `done` may come before the write is durable
  // (sqlite/sqlite_scratch_database.hpp). Never for data worth keeping. Default false.
  bool sqlite_scratch = false;
};

// Occupancy of the store's pools, for /metrics.
struct PoolStats {
  int connections = 0;  // open connections, readers and writers
  int in_use = 0;       // lent to a unit of work right now
  int queued = 0;       // units of work waiting for a connection
};

// The database: owns the connections and the threads that use them, and runs units of work
// in transactions. The backend is picked by the URL. Thread-safe.
//
// Blocking database work never runs on an HTTP I/O thread: the *Async calls queue the work
// on the store's own threads and call `done` there (store/async.hpp adapts them to Asio
// coroutines). Write and Read block the caller; use them from CLI commands, tests and
// worker threads.
class Database {
 public:
  virtual ~Database() = default;

  // Opens the database named by options.url (creating the SQLite file and its directory if
  // needed). Errors: kUnprocessable for a URL of no known form; kUnavailable when the
  // database cannot be reached.
  static core::Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  virtual Backend backend() const = 0;

  // Runs `work` in a transaction and commits it if `work` returns ok. On SQLite, writes queued
  // at the same time commit together (group commit), each in its own savepoint, so a failing
  // unit of work undoes only itself. `done` runs after the commit is durable.
  virtual void WriteAsync(Work work, Done done) = 0;
  // Runs `work` on a consistent read-only snapshot.
  virtual void ReadAsync(Work work, Done done) = 0;

  // Blocking forms of WriteAsync and ReadAsync: return the result `done` would receive.
  // Errors: kInternal (and nothing is run) when called on a store thread, e.g. from inside a
  // unit of work or a `done`, where waiting would deadlock the pool it waits for.
  core::Result<void> Write(Work work);
  core::Result<void> Read(Work work);

  // Checks that the database answers, through the same pool as reads (so on PostgreSQL a
  // broken connection is reconnected first): ok, or kUnavailable.
  virtual void PingAsync(Done done) = 0;
  // Blocking form of PingAsync, for /readyz via a worker and for the CLI. Errors as Write.
  core::Result<void> Ping();

  virtual PoolStats Stats() const = 0;

  // A lock on `key` held by a session of its own, for leader election (session_lock.hpp).
  virtual std::unique_ptr<SessionLock> OpenSessionLock(int64_t key) = 0;

  // Calls `on_change` whenever data covered by `topic` may have changed, so that a reader can
  // look again instead of polling: on SQLite after every commit of this process's writer
  // (another process writing the same file is not seen); on PostgreSQL when a transaction of
  // any node that ran `SELECT pg_notify(topic, ...)` commits, through LISTEN on a connection
  // of the watch's own. That connection is re-established after a server restart, and
  // `on_change` is called once then, since notifications may have been lost meanwhile.
  // `on_change` runs on a store thread: it must be quick, must not throw and must not block
  // on the store. Spurious calls are allowed. Destroying the handle stops the watch; it must
  // be destroyed before the Database.
  virtual std::unique_ptr<TopicWatch> WatchTopic(const std::string& topic,
                                                 std::function<void()> on_change) = 0;

  // Finishes queued work, then closes every connection. Later calls fail with kUnavailable
  // (their `done` runs at once, on the calling thread). Idempotent; the destructor calls it.
  // Requires: not called on a store thread (from a unit of work or a `done`).
  virtual void Close() = 0;
};

}  // namespace sessiond::store
