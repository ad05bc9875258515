#pragma once

#include <string_view>

#include "core/error.hpp"

namespace sessiond::store::postgres {

// The one place where SQLSTATEs become our error codes (docs/store.md has the table;
// pg_errors_test.cpp checks every row of it).
//
//   23505 unique, 23P01 exclusion                          -> kConflict
//   other class 23 (23514 check, 23503 foreign key,
//     23502 not null, 23001 restrict), class 22 (data)     -> kUnprocessable
//   a connection libpq reports bad (whatever the SQLSTATE),
//     class 08 (connection), 57P01..57P03 (shutdown,
//     starting up), class 40 (40001 serialization, 40P01 deadlock),
//     class 53 (resources), 55P03 (lock not available),
//     57014 (statement timeout / cancel), class 58 (I/O)   -> kUnavailable
//   anything else (syntax, undefined table, 25P02, or no
//     SQLSTATE on a live connection: libpq's own refusal)   -> kInternal
//
// Serialization failures and deadlocks map to kUnavailable, not kConflict: the request was
// valid and a retry will most likely succeed, which is what 503 tells a client, while 409
// means the state itself conflicts and retrying the same request cannot help. SQLite's
// SQLITE_BUSY maps the same way, so contention reads alike on both backends.
core::ErrorCode MapSqlState(std::string_view sqlstate);

// True for the SQLSTATEs after which the server has closed the session (class 08,
// 57P01..57P03): the connection must be reset before its next use.
bool IsConnectionLoss(std::string_view sqlstate);

// "postgres: <message> (SQLSTATE xxxxx)" with the mapped code; kUnavailable whatever the
// SQLSTATE when `connection_bad` (PQstatus is CONNECTION_BAD).
core::Error MapPgError(std::string_view sqlstate, std::string_view message,
                       bool connection_bad = false);

}  // namespace sessiond::store::postgres
