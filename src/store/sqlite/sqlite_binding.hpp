#pragma once

#include <sqlite3.h>

#include "core/result.hpp"
#include "store/rows.hpp"
#include "store/value.hpp"

namespace sessiond::store::sqlite {

// Binds `params` to the statement's `?` placeholders, in order. SQLite has no column types
// of its own for most of ours, so they are stored as text chosen to sort and compare
// correctly:
//   null -> NULL; text -> TEXT; int64 -> INTEGER; double -> REAL; bool -> INTEGER 0/1;
//   Timestamp -> TEXT "2026-11-21T19:04:00.123456Z" (fixed width, so text order is time
//   order); Date -> TEXT "2026-11-21"; Uuid -> TEXT canonical lowercase; Json -> TEXT.
// Errors: kInternal when the number of values differs from the number of placeholders;
// kUnprocessable for JSON that cannot be written; SQLite's error otherwise.
core::Result<void> BindParams(sqlite3* db, sqlite3_stmt* stmt, const Params& params);

// The cell in column `col` of the current row: INTEGER -> kInt, REAL -> kDouble, TEXT and
// BLOB -> kText, NULL -> kNull.
Cell ReadCell(sqlite3_stmt* stmt, int col);

}  // namespace sessiond::store::sqlite
