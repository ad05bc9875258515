#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "store/connection.hpp"
#include "store/sqlite/sqlite_handles.hpp"

namespace sessiond::store::sqlite {

// One SQLite connection with its cache of prepared statements. Owned by one store thread
// (the writer or a reader) and used only there; opened in SQLite's multi-thread mode, so it
// must never be shared. Not thread-safe.
//
// Within a unit of work it tracks the first failing statement (see Connection): BeginUnit()
// starts a unit, unit_error() reports its first error. Transaction control (Control) is the
// Database's business and is not tracked.
class SqliteConnection final : public Connection {
 public:
  enum class Role {
    kWriter,  // sets journal_mode=WAL; the only connection that writes
    kReader,  // query_only: a write attempted in a read fails (kInternal)
  };
  struct Settings {
    std::string path;
    Role role = Role::kReader;
    int busy_timeout_ms = 5000;
    std::string synchronous = "NORMAL";  // already validated: OFF, NORMAL, FULL or EXTRA
  };

  // Opens (creating if needed) the database file and applies the connection's pragmas:
  // WAL (writer), synchronous, foreign_keys=ON, busy_timeout, query_only (readers).
  // Errors: kUnavailable when the file cannot be opened or WAL cannot be enabled.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const Settings& settings);

  Backend backend() const override { return Backend::kSqlite; }
  core::Result<Rows> Query(std::string_view sql, const Params& params = {}) override;
  core::Result<int64_t> Execute(std::string_view sql, const Params& params = {}) override;
  core::Result<void> ExecuteScript(std::string_view sql) override;

  // Runs one parameterless statement (BEGIN, SAVEPOINT, COMMIT...), cached, untracked.
  core::Result<void> Control(std::string_view sql);
  // False once SQLite has ended the transaction on its own (it rolls back after some I/O,
  // disk-full and out-of-memory errors) or when none was begun.
  bool InTransaction() const;

  // Replaces SQLite's automatic checkpoint: after each commit, `hook` gets the number of
  // pages in the write-ahead log and the commit does no checkpoint itself (WalCheckpointer).
  // `hook` runs on this connection's thread and must be quick.
  void SetWalHook(std::function<void(int pages)> hook);
  // A PASSIVE checkpoint: copies the log into the database as far as no reader needs it,
  // without waiting for anyone. Errors: SQLite's.
  core::Result<void> CheckpointPassive();

  void BeginUnit() { unit_error_.reset(); }
  const std::optional<core::Error>& unit_error() const { return unit_error_; }

  // A foreign key violation still pending at the end of the transaction so far: deferred
  // constraints are only checked at COMMIT, where one unit's violation would fail the whole
  // group, so the writer checks after each unit instead. kUnprocessable, or ok.
  core::Result<void> CheckForeignKeys();

  // Test-only fault injection: before each Control statement, `fault` is asked for an
  // SQLite result code; a non-zero one is returned as that error instead of running the
  // statement. For the codes after which SQLite rolls back by itself (IOERR, FULL, NOMEM)
  // the transaction is rolled back first, as SQLite would. Requires: no concurrent use.
  void SetControlFaultForTest(std::function<int(std::string_view sql)> fault) {
    control_fault_for_test_ = std::move(fault);
  }

 private:
  explicit SqliteConnection(DbHandle db) : db_(std::move(db)) {}

  // Prepares `sql` or returns the cached statement for it. Errors: kInternal for SQL that is
  // empty or holds more than one statement; SQLite's error otherwise.
  core::Result<sqlite3_stmt*> Prepare(std::string_view sql);
  // Runs `sql` to completion, collecting rows into `rows` when it is not null.
  core::Result<void> Run(std::string_view sql, const Params& params, Rows* rows);
  core::Error LastError() const;
  // The error of any statement after the unit's first failure. Requires: unit_error_.
  core::Error Aborted() const;
  // Records `error` as the unit's first error (if it is) and returns it.
  core::Error Spoil(core::Error error);

  // Keyed by SQL text; string_view lookups without allocating.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  // Statements are finalized before the connection closes: members die in reverse order.
  DbHandle db_;
  std::unordered_map<std::string, StatementHandle, TextHash, std::equal_to<>> statements_;
  std::optional<core::Error> unit_error_;
  std::function<int(std::string_view)> control_fault_for_test_;
  std::function<void(int)> wal_hook_;
};

}  // namespace sessiond::store::sqlite
