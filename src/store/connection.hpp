#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.hpp"
#include "store/rows.hpp"
#include "store/value.hpp"

namespace sessiond::store {

enum class Backend { kSqlite, kPostgres };

// A connection lent to a unit of work by Database::Write or Database::Read, inside the
// transaction (or savepoint) that the Database opened for it. SQL is written once with `?`
// placeholders and runs on both backends. Statements are prepared once per connection and
// cached by their text. Not thread-safe: it belongs to one unit of work at a time, and must
// not be kept after the work returns.
//
// A failing statement spoils its unit of work, on both backends alike (PostgreSQL aborts
// the transaction; SQLite is made to match): later statements of the unit fail with
// kInternal, and the unit is rolled back with the first error even if `work` returns ok.
// To react to a conflict inside SQL, write it into the statement (INSERT ... ON CONFLICT).
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Backend backend() const = 0;

  // Runs one statement and returns every row it produced.
  // Errors: kConflict for a unique or exclusion violation; kUnprocessable for a check,
  // foreign key or not-null violation; kUnavailable when the database cannot be reached;
  // kInternal for SQL the database rejects (a bug).
  virtual core::Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;

  // Runs one statement and returns the number of rows it changed. Errors as Query.
  virtual core::Result<int64_t> Execute(std::string_view sql, const Params& params = {}) = 0;

  // Runs a script of `;`-separated statements without placeholders and discards any rows:
  // for migrations and schema set-up, not for values (there is no binding). Not cached.
  // Errors as Query.
  virtual core::Result<void> ExecuteScript(std::string_view sql) = 0;
};

}  // namespace sessiond::store
