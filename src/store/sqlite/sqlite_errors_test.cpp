#include "store/sqlite/sqlite_errors.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace sessiond::store::sqlite {
namespace {

using core::ErrorCode;

struct Case {
  int code;
  const char* name;
  ErrorCode expected;
};

// Every row of the table in sqlite_errors.hpp, and a few codes that must fall to kInternal.
const Case kCases[] = {
    {SQLITE_CONSTRAINT_UNIQUE, "CONSTRAINT_UNIQUE", ErrorCode::kConflict},
    {SQLITE_CONSTRAINT_PRIMARYKEY, "CONSTRAINT_PRIMARYKEY", ErrorCode::kConflict},
    {SQLITE_CONSTRAINT_CHECK, "CONSTRAINT_CHECK", ErrorCode::kUnprocessable},
    {SQLITE_CONSTRAINT_FOREIGNKEY, "CONSTRAINT_FOREIGNKEY", ErrorCode::kUnprocessable},
    {SQLITE_CONSTRAINT_NOTNULL, "CONSTRAINT_NOTNULL", ErrorCode::kUnprocessable},
    {SQLITE_CONSTRAINT_DATATYPE, "CONSTRAINT_DATATYPE", ErrorCode::kUnprocessable},
    {SQLITE_BUSY, "BUSY", ErrorCode::kUnavailable},
    {SQLITE_BUSY_SNAPSHOT, "BUSY_SNAPSHOT", ErrorCode::kUnavailable},
    {SQLITE_BUSY_TIMEOUT, "BUSY_TIMEOUT", ErrorCode::kUnavailable},
    {SQLITE_LOCKED, "LOCKED", ErrorCode::kUnavailable},
    {SQLITE_LOCKED_SHAREDCACHE, "LOCKED_SHAREDCACHE", ErrorCode::kUnavailable},
    {SQLITE_CANTOPEN, "CANTOPEN", ErrorCode::kUnavailable},
    {SQLITE_CANTOPEN_ISDIR, "CANTOPEN_ISDIR", ErrorCode::kUnavailable},
    {SQLITE_IOERR, "IOERR", ErrorCode::kUnavailable},
    {SQLITE_IOERR_FSYNC, "IOERR_FSYNC", ErrorCode::kUnavailable},
    {SQLITE_IOERR_SHORT_READ, "IOERR_SHORT_READ", ErrorCode::kUnavailable},
    {SQLITE_FULL, "FULL", ErrorCode::kUnavailable},
    {SQLITE_ERROR, "ERROR", ErrorCode::kInternal},
    {SQLITE_CONSTRAINT, "CONSTRAINT", ErrorCode::kInternal},
    {SQLITE_CONSTRAINT_TRIGGER, "CONSTRAINT_TRIGGER", ErrorCode::kInternal},
    {SQLITE_CONSTRAINT_ROWID, "CONSTRAINT_ROWID", ErrorCode::kInternal},
    {SQLITE_READONLY, "READONLY", ErrorCode::kInternal},
    {SQLITE_MISUSE, "MISUSE", ErrorCode::kInternal},
    {SQLITE_RANGE, "RANGE", ErrorCode::kInternal},
    {SQLITE_TOOBIG, "TOOBIG", ErrorCode::kInternal},
    {SQLITE_CORRUPT, "CORRUPT", ErrorCode::kInternal},
    {SQLITE_NOMEM, "NOMEM", ErrorCode::kInternal},
};

TEST(SqliteErrors, MapsEveryResultCodeOfTheTable) {
  for (const Case& c : kCases) {
    EXPECT_EQ(MapSqliteCode(c.code), c.expected)
        << "SQLITE_" << c.name << " maps to " << core::ErrorCodeName(MapSqliteCode(c.code))
        << ", want " << core::ErrorCodeName(c.expected);
  }
}

TEST(SqliteErrors, KeepsSqlitesMessage) {
  core::Error error = MapSqliteError(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: t.id");
  EXPECT_EQ(error.code, ErrorCode::kConflict);
  EXPECT_NE(error.message.find("UNIQUE constraint failed: t.id"), std::string::npos)
      << error.message;
}

}  // namespace
}  // namespace sessiond::store::sqlite
