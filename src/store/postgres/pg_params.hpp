#pragma once

#include <libpq-fe.h>

#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/value.hpp"

namespace sessiond::store::postgres {

// Values in libpq's text format, with the type each is declared as when the statement is
// prepared, so that the server never has to guess:
//   null -> unknown (0, the server infers it); text -> text (25); int64 -> int8 (20);
//   double -> float8 (701); bool -> bool (16); Timestamp -> timestamptz (1184), as
//   "2026-11-21T19:04:00.123456Z"; Date -> date (1082); Uuid -> uuid (2950);
//   Json -> jsonb (3802).
// A column of another type takes a value through an explicit cast in the SQL (`?::my_enum`).
struct PgParams {
  // One letter per value, naming its type: part of the prepared-statement cache key, since
  // one SQL text bound with other types is another statement to PostgreSQL.
  std::string signature;
  std::vector<Oid> types;
  std::vector<std::string> texts;
  std::vector<bool> nulls;

  // The values as libpq takes them: pointers into texts, nullptr for NULL. Valid while this
  // object lives unchanged.
  std::vector<const char*> ValuePointers() const;
};

// Errors: kUnprocessable for text holding a NUL byte (PostgreSQL text cannot hold one) or
// JSON that cannot be written.
core::Result<PgParams> ConvertParams(const Params& params);

}  // namespace sessiond::store::postgres
