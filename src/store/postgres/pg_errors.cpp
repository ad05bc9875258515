#include "store/postgres/pg_errors.hpp"

#include <string>

namespace sessiond::store::postgres {
namespace {

bool InClass(std::string_view sqlstate, std::string_view cls) {
  return sqlstate.size() == 5 && sqlstate.starts_with(cls);
}

}  // namespace

core::ErrorCode MapSqlState(std::string_view sqlstate) {
  using core::ErrorCode;
  if (sqlstate == "23505" || sqlstate == "23P01") return ErrorCode::kConflict;
  if (InClass(sqlstate, "23") || InClass(sqlstate, "22")) return ErrorCode::kUnprocessable;
  if (IsConnectionLoss(sqlstate)) return ErrorCode::kUnavailable;
  if (InClass(sqlstate, "40") || InClass(sqlstate, "53") || InClass(sqlstate, "58") ||
      sqlstate == "55P03" || sqlstate == "57014") {
    return ErrorCode::kUnavailable;
  }
  return ErrorCode::kInternal;
}

bool IsConnectionLoss(std::string_view sqlstate) {
  return InClass(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

core::Error MapPgError(std::string_view sqlstate, std::string_view message, bool connection_bad) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.remove_suffix(1);
  }
  std::string text = "postgres: ";
  text += message;
  if (!sqlstate.empty()) {
    text += " (SQLSTATE ";
    text += sqlstate;
    text += ")";
  }
  return core::Error{connection_bad ? core::ErrorCode::kUnavailable : MapSqlState(sqlstate),
                     std::move(text)};
}

}  // namespace sessiond::store::postgres
