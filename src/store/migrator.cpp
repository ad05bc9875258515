#include "store/migrator.hpp"

#include <set>
#include <string>

namespace sessiond::store {
namespace {

std::string_view CreateTableSql(Backend backend) {
  if (backend == Backend::kSqlite) {
    return "CREATE TABLE IF NOT EXISTS schema_migrations ("
           " version INTEGER PRIMARY KEY,"
           " name TEXT NOT NULL,"
           " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";
  }
  return "CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version integer PRIMARY KEY,"
         " name text NOT NULL,"
         " applied_at timestamptz NOT NULL DEFAULT now())";
}

// On PostgreSQL several nodes may start together: each migration transaction first takes a
// transaction-scoped advisory lock, so they run one after another and every one after the
// first finds the work done. (Even CREATE TABLE IF NOT EXISTS is not safe to race: two
// sessions can both decide to create.) SQLite needs nothing: writes there are serialized by
// BEGIN IMMEDIATE.
core::Result<void> LockMigrations(Connection& c) {
  if (c.backend() != Backend::kPostgres) return core::Ok();
  core::Result<Rows> locked = c.Query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey});
  if (!locked) return locked.error();
  return core::Ok();
}

core::Result<std::set<int>> AppliedVersions(Connection& c) {
  core::Result<Rows> rows = c.Query("SELECT version FROM schema_migrations");
  if (!rows) return rows.error();
  std::set<int> versions;
  for (Row row : *rows) versions.insert(int(row.Int(0)));
  return versions;
}

// Refuses a database migrated by a newer binary: running old code on a newer schema could
// corrupt it, and applying our migrations "below" theirs makes no sense.
core::Result<void> CheckNotNewer(const std::set<int>& applied, int newest) {
  if (applied.empty() || *applied.rbegin() <= newest) return core::Ok();
  return core::Error::Conflict("database schema version " + std::to_string(*applied.rbegin()) +
                               " is newer than this binary's newest migration " +
                               std::to_string(newest) + "; upgrade sessiond");
}

}  // namespace

core::Result<MigrationReport> Migrate(Database& db) {
  const std::vector<Migration>& migrations = EmbeddedMigrations(db.backend());
  int newest = migrations.empty() ? 0 : migrations.back().version;
  MigrationReport report;

  core::Result<void> ready = db.Write([&](Connection& c) -> core::Result<void> {
    if (core::Result<void> locked = LockMigrations(c); !locked) return locked;
    if (core::Result<int64_t> created = c.Execute(CreateTableSql(c.backend())); !created) {
      return created.error();
    }
    core::Result<std::set<int>> applied = AppliedVersions(c);
    if (!applied) return applied.error();
    report.from_version = applied->empty() ? 0 : *applied->rbegin();
    return CheckNotNewer(*applied, newest);
  });
  if (!ready) return ready.error();

  // One transaction per migration, so that a failure leaves every earlier one applied and
  // recorded. Each re-reads what is applied under the lock: another node may have done it.
  for (const Migration& m : migrations) {
    bool ran = false;
    core::Result<void> done = db.Write([&](Connection& c) -> core::Result<void> {
      ran = false;
      if (core::Result<void> locked = LockMigrations(c); !locked) return locked;
      core::Result<std::set<int>> applied = AppliedVersions(c);
      if (!applied) return applied.error();
      if (core::Result<void> older = CheckNotNewer(*applied, newest); !older) return older;
      if (applied->contains(m.version)) return core::Ok();
      if (core::Result<void> run = c.ExecuteScript(m.sql); !run) {
        core::Error error = run.error();
        error.message = "migration " + std::to_string(m.version) + "_" + m.name + ": " +
                        error.message;
        return error;
      }
      core::Result<int64_t> recorded =
          c.Execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    {m.version, m.name});
      if (!recorded) return recorded.error();
      ran = true;
      return core::Ok();
    });
    if (!done) return done.error();
    if (ran) report.applied.push_back(m.version);
  }

  core::Result<int> now = CurrentSchemaVersion(db);
  if (!now) return now.error();
  report.to_version = *now;
  return report;
}

core::Result<int> CurrentSchemaVersion(Database& db) {
  int version = 0;
  core::Result<void> read = db.Read([&](Connection& c) -> core::Result<void> {
    // Whether the table exists where an unqualified name would find it.
    std::string_view exists =
        c.backend() == Backend::kSqlite
            ? "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
            : "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END";
    core::Result<Rows> found = c.Query(exists);
    if (!found) return found.error();
    if ((*found)[0].Int(0) == 0) return core::Ok();
    core::Result<Rows> max = c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!max) return max.error();
    version = int((*max)[0].Int(0));
    return core::Ok();
  });
  if (!read) return read.error();
  return version;
}

}  // namespace sessiond::store
