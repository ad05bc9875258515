#pragma once

#include <string_view>

#include "core/error.hpp"

namespace sessiond::store::sqlite {

// The one place where SQLite result codes become our error codes (docs/store.md has the
// table; sqlite_errors_test.cpp checks every row of it).
//
//   SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY             -> kConflict
//   SQLITE_CONSTRAINT_CHECK, _FOREIGNKEY, _NOTNULL,
//     _DATATYPE (a STRICT table's type check)         -> kUnprocessable
//   SQLITE_BUSY*, SQLITE_LOCKED*, SQLITE_CANTOPEN*,
//     SQLITE_IOERR*, SQLITE_FULL                       -> kUnavailable
//   anything else (SQL errors, other constraints)      -> kInternal
//
// `extended_code` is an extended result code (sqlite3_extended_errcode); `message` is
// SQLite's text for it (sqlite3_errmsg), kept in the error's message.
core::ErrorCode MapSqliteCode(int extended_code);
core::Error MapSqliteError(int extended_code, std::string_view message);

}  // namespace sessiond::store::sqlite
