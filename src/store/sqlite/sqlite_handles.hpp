#pragma once

#include <sqlite3.h>

#include <memory>

namespace sessiond::store::sqlite {

// RAII owners of SQLite's C handles. sqlite3_close_v2 (not sqlite3_close) so that closing
// never fails on a statement finalized later; we finalize ours first anyway.
struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Returns a cached statement to its pristine state when a use ends, even on an error path:
// a statement left mid-step would hold its read transaction open, and stale bindings could
// point at strings that no longer exist.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace sessiond::store::sqlite
