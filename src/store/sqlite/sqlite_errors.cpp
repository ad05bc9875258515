#include "store/sqlite/sqlite_errors.hpp"

#include <sqlite3.h>

#include <string>

namespace sessiond::store::sqlite {

core::ErrorCode MapSqliteCode(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return core::ErrorCode::kConflict;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
      return core::ErrorCode::kUnprocessable;
    default:
      break;
  }
  // The extended codes of these families (SQLITE_IOERR_FSYNC, SQLITE_BUSY_SNAPSHOT, ...) all
  // mean the same to a caller: the database cannot do it right now; retry later.
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return core::ErrorCode::kUnavailable;
    default:
      return core::ErrorCode::kInternal;
  }
}

core::Error MapSqliteError(int extended_code, std::string_view message) {
  std::string text = "sqlite: ";
  text += message;
  text += " (sqlite code ";
  text += std::to_string(extended_code);
  text += ")";
  return core::Error{MapSqliteCode(extended_code), std::move(text)};
}

}  // namespace sessiond::store::sqlite
