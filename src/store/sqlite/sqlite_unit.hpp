#pragma once

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace sessiond::store::sqlite {

// What became of one unit of work run inside a longer transaction.
struct UnitOutcome {
  core::Result<void> result;
  // True when the transaction did not survive the unit (SQLite rolled it back on its own, or
  // a failed unit could not be rolled back to its savepoint and the whole transaction was
  // rolled back instead): the units before it in the transaction lost their writes too.
  bool transaction_lost = false;
};

// Runs `work` on `connection`, inside a transaction already begun, in a SAVEPOINT of its own:
// released when the unit succeeds (deferred foreign keys checked first, so a violation fails
// this unit only), rolled back to when it fails, so one failure undoes only itself.
UnitOutcome RunInSavepoint(SqliteConnection& connection, const Work& work);

// PingAsync's unit of work: reads the schema, which touches the file ("SELECT 1" would not).
core::Result<void> ReadSchema(Connection& c);

}  // namespace sessiond::store::sqlite
