#include "store/sqlite/sqlite_unit.hpp"

#include "store/detail/job.hpp"

namespace sessiond::store::sqlite {

UnitOutcome RunInSavepoint(SqliteConnection& connection, const Work& work) {
  connection.BeginUnit();
  if (core::Result<void> saved = connection.Control("SAVEPOINT unit"); !saved) {
    return {saved.error(), !connection.InTransaction()};
  }
  core::Result<void> result = detail::RunWork(work, connection);
  if (result.ok() && connection.unit_error()) result = *connection.unit_error();
  if (!connection.InTransaction()) return {std::move(result), true};
  // Checked here, not left to COMMIT: a deferred violation must fail its own unit only.
  if (result.ok()) result = connection.CheckForeignKeys();
  if (result.ok()) {
    core::Result<void> released = connection.Control("RELEASE unit");
    if (released.ok()) return {core::Ok(), false};
    result = released.error();
  }
  // Undo this unit only. If even that fails, its writes may still be in the transaction, so
  // the whole transaction must go.
  core::Result<void> undone = connection.Control("ROLLBACK TO unit");
  if (undone.ok()) undone = connection.Control("RELEASE unit");
  return {std::move(result), !undone.ok() || !connection.InTransaction()};
}

core::Result<void> ReadSchema(Connection& c) {
  core::Result<Rows> rows = c.Query("SELECT count(*) FROM sqlite_schema");
  if (!rows) return rows.error();
  return core::Ok();
}

}  // namespace sessiond::store::sqlite
