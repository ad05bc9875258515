#include "store/postgres/pg_errors.hpp"

#include <gtest/gtest.h>

namespace sessiond::store::postgres {
namespace {

using core::ErrorCode;

struct Case {
  const char* sqlstate;
  ErrorCode expected;
  bool connection_loss;
};

// Every row of the table in pg_errors.hpp, and neighbours that must not be caught by it.
const Case kCases[] = {
    {"23505", ErrorCode::kConflict, false},       // unique_violation
    {"23P01", ErrorCode::kConflict, false},       // exclusion_violation
    {"23514", ErrorCode::kUnprocessable, false},  // check_violation
    {"23503", ErrorCode::kUnprocessable, false},  // foreign_key_violation
    {"23502", ErrorCode::kUnprocessable, false},  // not_null_violation
    {"23001", ErrorCode::kUnprocessable, false},  // restrict_violation
    {"23000", ErrorCode::kUnprocessable, false},  // integrity_constraint_violation
    {"22001", ErrorCode::kUnprocessable, false},  // string_data_right_truncation
    {"22003", ErrorCode::kUnprocessable, false},  // numeric_value_out_of_range
    {"22007", ErrorCode::kUnprocessable, false},  // invalid_datetime_format
    {"22P02", ErrorCode::kUnprocessable, false},  // invalid_text_representation
    {"22021", ErrorCode::kUnprocessable, false},  // character_not_in_repertoire
    {"08000", ErrorCode::kUnavailable, true},     // connection_exception
    {"08003", ErrorCode::kUnavailable, true},     // connection_does_not_exist
    {"08006", ErrorCode::kUnavailable, true},     // connection_failure
    {"08001", ErrorCode::kUnavailable, true},     // sqlclient_unable_to_establish_sqlconnection
    {"08P01", ErrorCode::kUnavailable, true},     // protocol_violation
    {"57P01", ErrorCode::kUnavailable, true},     // admin_shutdown
    {"57P02", ErrorCode::kUnavailable, true},     // crash_shutdown
    {"57P03", ErrorCode::kUnavailable, true},     // cannot_connect_now
    {"40001", ErrorCode::kUnavailable, false},    // serialization_failure
    {"40P01", ErrorCode::kUnavailable, false},    // deadlock_detected
    {"40003", ErrorCode::kUnavailable, false},    // statement_completion_unknown
    {"53100", ErrorCode::kUnavailable, false},    // disk_full
    {"53300", ErrorCode::kUnavailable, false},    // too_many_connections
    {"55P03", ErrorCode::kUnavailable, false},    // lock_not_available
    {"57014", ErrorCode::kUnavailable, false},    // query_canceled (statement_timeout)
    {"58030", ErrorCode::kUnavailable, false},    // io_error
    {"57P04", ErrorCode::kInternal, false},       // database_dropped
    {"55000", ErrorCode::kInternal, false},       // object_not_in_prerequisite_state
    {"42601", ErrorCode::kInternal, false},       // syntax_error
    {"42P01", ErrorCode::kInternal, false},       // undefined_table
    {"42703", ErrorCode::kInternal, false},       // undefined_column
    {"25P02", ErrorCode::kInternal, false},       // in_failed_sql_transaction
    {"25006", ErrorCode::kInternal, false},       // read_only_sql_transaction
    {"0A000", ErrorCode::kInternal, false},       // feature_not_supported
    {"P0001", ErrorCode::kInternal, false},       // raise_exception
    {"XX000", ErrorCode::kInternal, false},       // internal_error
    {"", ErrorCode::kInternal, false},            // libpq's own refusal, connection fine
    {"23", ErrorCode::kInternal, false},          // not a SQLSTATE
};

TEST(PgErrors, MapsEverySqlStateOfTheTable) {
  for (const Case& c : kCases) {
    EXPECT_EQ(MapSqlState(c.sqlstate), c.expected)
        << "SQLSTATE '" << c.sqlstate << "' maps to " << core::ErrorCodeName(MapSqlState(c.sqlstate))
        << ", want " << core::ErrorCodeName(c.expected);
    EXPECT_EQ(IsConnectionLoss(c.sqlstate), c.connection_loss) << "SQLSTATE '" << c.sqlstate << "'";
  }
}

TEST(PgErrors, ABadConnectionIsUnavailableWhateverTheSqlState) {
  EXPECT_EQ(MapPgError("", "server closed the connection unexpectedly", true).code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(MapPgError("42601", "syntax error", true).code, ErrorCode::kUnavailable);
}

TEST(PgErrors, MessageNamesTheSqlStateWithoutTrailingNewline) {
  core::Error error = MapPgError("23505", "duplicate key value violates unique constraint\n");
  EXPECT_EQ(error.code, ErrorCode::kConflict);
  EXPECT_EQ(error.message,
            "postgres: duplicate key value violates unique constraint (SQLSTATE 23505)");
}

}  // namespace
}  // namespace sessiond::store::postgres
