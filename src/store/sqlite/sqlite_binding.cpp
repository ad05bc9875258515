#include "store/sqlite/sqlite_binding.hpp"

#include <string>
#include <type_traits>

#include "store/detail/json_text.hpp"
#include "store/sqlite/sqlite_errors.hpp"

namespace sessiond::store::sqlite {
namespace {

int BindText(sqlite3_stmt* stmt, int index, const std::string& text, sqlite3_destructor_type life) {
  return sqlite3_bind_text64(stmt, index, text.data(), text.size(), life, SQLITE_UTF8);
}

// Binds one value at 1-based `index`. Strings owned by the Value are bound without a copy
// (SQLITE_STATIC): the caller's params outlive the statement's use, and StatementReset clears
// the bindings before they could dangle. Converted text is copied (SQLITE_TRANSIENT).
core::Result<int> BindOne(sqlite3_stmt* stmt, int index, const Value& value) {
  return std::visit(
      [&](const auto& v) -> core::Result<int> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return sqlite3_bind_null(stmt, index);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return BindText(stmt, index, v, SQLITE_STATIC);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return sqlite3_bind_int64(stmt, index, v);
        } else if constexpr (std::is_same_v<T, double>) {
          return sqlite3_bind_double(stmt, index, v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return sqlite3_bind_int(stmt, index, v ? 1 : 0);
        } else if constexpr (std::is_same_v<T, core::Timestamp>) {
          return BindText(stmt, index, v.ToRfc3339Micros(), SQLITE_TRANSIENT);
        } else if constexpr (std::is_same_v<T, core::Date>) {
          return BindText(stmt, index, v.ToString(), SQLITE_TRANSIENT);
        } else if constexpr (std::is_same_v<T, core::Uuid>) {
          return BindText(stmt, index, v.ToString(), SQLITE_TRANSIENT);
        } else {
          static_assert(std::is_same_v<T, JsonValue>);
          core::Result<std::string> text = detail::JsonText(v);
          if (!text) return text.error();
          return BindText(stmt, index, *text, SQLITE_TRANSIENT);
        }
      },
      value.variant());
}

}  // namespace

core::Result<void> BindParams(sqlite3* db, sqlite3_stmt* stmt, const Params& params) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (size_t(expected) != params.size()) {
    return core::Error::Internal("statement has " + std::to_string(expected) +
                                 " placeholders but " + std::to_string(params.size()) +
                                 " values were bound: " + sqlite3_sql(stmt));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    core::Result<int> rc = BindOne(stmt, int(i) + 1, params[i]);
    if (!rc) return rc.error();
    if (*rc != SQLITE_OK) return MapSqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db));
  }
  return core::Ok();
}

Cell ReadCell(sqlite3_stmt* stmt, int col) {
  Cell cell;
  switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_INTEGER:
      cell.kind = Cell::Kind::kInt;
      cell.integer = sqlite3_column_int64(stmt, col);
      break;
    case SQLITE_FLOAT:
      cell.kind = Cell::Kind::kDouble;
      cell.real = sqlite3_column_double(stmt, col);
      break;
    case SQLITE_TEXT: {
      cell.kind = Cell::Kind::kText;
      // Text first, then its length: the documented order, since asking for the text may
      // convert the value and change its length.
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
      if (text != nullptr) cell.text.assign(text, size_t(sqlite3_column_bytes(stmt, col)));
      break;
    }
    case SQLITE_BLOB: {
      cell.kind = Cell::Kind::kText;
      const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, col));
      int size = sqlite3_column_bytes(stmt, col);
      if (blob != nullptr) cell.text.assign(blob, size_t(size));
      break;
    }
    default:
      break;  // NULL
  }
  return cell;
}

}  // namespace sessiond::store::sqlite
