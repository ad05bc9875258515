#include "store/sqlite/sqlite_connection.hpp"

#include <cctype>
#include <vector>

#include "store/sqlite/sqlite_binding.hpp"
#include "store/sqlite/sqlite_errors.hpp"

namespace sessiond::store::sqlite {
namespace {

// Repositories write a bounded set of statements, so the cache normally stays small; the cap
// only stops SQL built at run time (scratch tables in tests) from growing it forever.
constexpr size_t kMaxCachedStatements = 512;

bool IsBlank(const char* begin, const char* end) {
  for (const char* p = begin; p < end; ++p) {
    if (!std::isspace(static_cast<unsigned char>(*p))) return false;
  }
  return true;
}

}  // namespace

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const Settings& settings) {
  sqlite3* raw = nullptr;
  // NOMUTEX: each connection lives on one thread, so SQLite's per-connection mutex is waste.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(settings.path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);  // SQLite allocates a handle even when opening fails; it must be closed.
  if (rc != SQLITE_OK) {
    return MapSqliteError(raw ? sqlite3_extended_errcode(raw) : rc,
                          raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, settings.busy_timeout_ms);

  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(std::move(db)));
  if (settings.role == Role::kWriter) {
    // journal_mode answers with the mode in force, which stays "delete" where WAL is
    // impossible (e.g. a file system without shared memory): refuse rather than run without
    // the concurrency the design relies on.
    core::Result<Rows> mode = connection->Query("PRAGMA journal_mode=WAL");
    if (!mode) return mode.error();
    if (mode->empty() || (*mode)[0].Text(0) != "wal") {
      return core::Error::Unavailable("sqlite: cannot enable WAL mode for " + settings.path);
    }
  }
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=" + settings.synchronous + ";";
  if (settings.role == Role::kReader) pragmas += " PRAGMA query_only=ON;";
  // The writer touches a leaf of every index it inserts into, most of them at random places
  // (one check-in per user...): SQLite's default 2 MiB cache kept re-reading them from the
  // file. Pages are allocated as they are used, so a small database costs no more.
  // Its statement journals (the pages a statement inside a savepoint changed, kept to undo
  // that statement alone) stay in memory: past 64 KiB SQLite spills them to a temporary file,
  // and a multi-row insert of generated sessions then spent a quarter of its time in pwrite.
  // They are bounded by the pages one statement touches.
  if (settings.role == Role::kWriter) pragmas += " PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;";
  if (core::Result<void> set = connection->ExecuteScript(pragmas); !set) return set.error();
  return connection;
}

core::Result<Rows> SqliteConnection::Query(std::string_view sql, const Params& params) {
  Rows rows;
  if (core::Result<void> ran = Run(sql, params, &rows); !ran) return ran.error();
  return rows;
}

core::Result<int64_t> SqliteConnection::Execute(std::string_view sql, const Params& params) {
  if (core::Result<void> ran = Run(sql, params, nullptr); !ran) return ran.error();
  return int64_t(sqlite3_changes64(db_.get()));
}

core::Result<void> SqliteConnection::ExecuteScript(std::string_view sql) {
  if (unit_error_) return Aborted();
  const char* next = sql.data();
  const char* end = sql.data() + sql.size();
  while (next < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_.get(), next, int(end - next), &raw, &tail) != SQLITE_OK) {
      return Spoil(LastError());
    }
    StatementHandle stmt(raw);
    next = tail;
    if (!stmt) continue;  // only whitespace or a comment was left
    int rc = SQLITE_ROW;
    while (rc == SQLITE_ROW) rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_DONE) return Spoil(LastError());
  }
  return core::Ok();
}

core::Result<void> SqliteConnection::Control(std::string_view sql) {
  if (control_fault_for_test_) {
    if (int code = control_fault_for_test_(sql); code != SQLITE_OK) {
      int primary = code & 0xff;
      if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_NOMEM) {
        if (InTransaction()) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      }
      return MapSqliteError(code, "injected fault before " + std::string(sql));
    }
  }
  core::Result<sqlite3_stmt*> stmt = Prepare(sql);
  if (!stmt) return stmt.error();
  StatementReset reset(*stmt);
  int rc = sqlite3_step(*stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return LastError();
  return core::Ok();
}

core::Result<void> SqliteConnection::CheckForeignKeys() {
  int pending = 0;
  int highwater = 0;
  sqlite3_db_status(db_.get(), SQLITE_DBSTATUS_DEFERRED_FKS, &pending, &highwater, 0);
  if (pending == 0) return core::Ok();
  return MapSqliteError(SQLITE_CONSTRAINT_FOREIGNKEY, "FOREIGN KEY constraint failed (deferred)");
}

void SqliteConnection::SetWalHook(std::function<void(int pages)> hook) {
  wal_hook_ = std::move(hook);
  sqlite3_wal_hook(
      db_.get(),
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<SqliteConnection*>(self)->wal_hook_(pages);
        return SQLITE_OK;
      },
      this);
}

core::Result<void> SqliteConnection::CheckpointPassive() {
  int rc = sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                     nullptr);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) return LastError();
  return core::Ok();
}

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

core::Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second.get();

  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  // PERSISTENT: these statements are kept for the connection's life.
  if (sqlite3_prepare_v3(db_.get(), sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                         &tail) != SQLITE_OK) {
    return LastError();
  }
  StatementHandle stmt(raw);
  if (!stmt) return core::Error::Internal("empty SQL statement");
  if (!IsBlank(tail, sql.data() + sql.size())) {
    // A trailing comment is harmless; a second statement would be silently ignored.
    sqlite3_stmt* extra = nullptr;
    sqlite3_prepare_v2(db_.get(), tail, int(sql.data() + sql.size() - tail), &extra, nullptr);
    StatementHandle second(extra);
    if (second) {
      return core::Error::Internal("more than one SQL statement (use ExecuteScript): " +
                                   std::string(sql));
    }
  }
  if (statements_.size() >= kMaxCachedStatements) statements_.clear();
  sqlite3_stmt* result = stmt.get();
  statements_.emplace(std::string(sql), std::move(stmt));
  return result;
}

core::Result<void> SqliteConnection::Run(std::string_view sql, const Params& params, Rows* rows) {
  if (unit_error_) return Aborted();
  core::Result<sqlite3_stmt*> prepared = Prepare(sql);
  if (!prepared) return Spoil(prepared.error());
  sqlite3_stmt* stmt = *prepared;
  StatementReset reset(stmt);
  if (core::Result<void> bound = BindParams(db_.get(), stmt, params); !bound) {
    return Spoil(bound.error());
  }

  int width = sqlite3_column_count(stmt);
  std::vector<Cell> cells;
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return Spoil(LastError());
    if (rows == nullptr) continue;
    for (int col = 0; col < width; ++col) cells.push_back(ReadCell(stmt, col));
  }
  if (rows != nullptr && width > 0) {
    std::vector<std::string> columns;
    columns.reserve(size_t(width));
    for (int col = 0; col < width; ++col) {
      const char* name = sqlite3_column_name(stmt, col);
      columns.emplace_back(name != nullptr ? name : "");
    }
    *rows = Rows(std::move(columns), std::move(cells));
  }
  return core::Ok();
}

core::Error SqliteConnection::LastError() const {
  return MapSqliteError(sqlite3_extended_errcode(db_.get()), sqlite3_errmsg(db_.get()));
}

core::Error SqliteConnection::Aborted() const {
  // PostgreSQL's behaviour (SQLSTATE 25P02), so that a unit of work behaves alike on both.
  return core::Error::Internal("transaction aborted by an earlier error: " + unit_error_->message);
}

core::Error SqliteConnection::Spoil(core::Error error) {
  if (!unit_error_) unit_error_ = error;
  return error;
}

}  // namespace sessiond::store::sqlite
