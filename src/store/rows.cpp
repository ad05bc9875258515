#include "store/rows.hpp"

#include <charconv>
#include <stdexcept>

namespace sessiond::store {
namespace {

[[noreturn]] void Corrupt(size_t col, std::string_view want, const Cell& cell) {
  throw std::runtime_error("column " + std::to_string(col) + " is not " + std::string(want) +
                           ": '" + cell.text + "'");
}

}  // namespace

const Cell& Row::At(size_t col) const {
  if (col >= width_) throw std::out_of_range("column index " + std::to_string(col));
  return cells_[col];
}

bool Row::IsNull(size_t col) const { return At(col).kind == Cell::Kind::kNull; }

std::string Row::Text(size_t col) const {
  const Cell& cell = At(col);
  switch (cell.kind) {
    case Cell::Kind::kNull: return "";
    case Cell::Kind::kInt: return std::to_string(cell.integer);
    case Cell::Kind::kDouble: {
      // The shortest text that reads back as the same double (to_string would round to 6
      // decimals).
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, cell.real);
      return std::string(buf, end);
    }
    case Cell::Kind::kText: return cell.text;
  }
  return "";
}

int64_t Row::Int(size_t col) const {
  const Cell& cell = At(col);
  if (cell.kind == Cell::Kind::kInt) return cell.integer;
  if (cell.kind == Cell::Kind::kNull) return 0;
  if (cell.kind == Cell::Kind::kDouble) return int64_t(cell.real);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(cell.text.data(), cell.text.data() + cell.text.size(), value);
  if (ec != std::errc() || end != cell.text.data() + cell.text.size()) Corrupt(col, "an integer", cell);
  return value;
}

double Row::Double(size_t col) const {
  const Cell& cell = At(col);
  if (cell.kind == Cell::Kind::kDouble) return cell.real;
  if (cell.kind == Cell::Kind::kInt) return double(cell.integer);
  if (cell.kind == Cell::Kind::kNull) return 0;
  // from_chars, not stod: independent of the C locale, and it must consume the whole text.
  // It also reads PostgreSQL's "Infinity", "-Infinity" and "NaN".
  double value = 0;
  const char* begin = cell.text.data();
  const char* end = begin + cell.text.size();
  auto [stop, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || stop != end) Corrupt(col, "a number", cell);
  return value;
}

bool Row::Bool(size_t col) const {
  const Cell& cell = At(col);
  if (cell.kind == Cell::Kind::kInt) return cell.integer != 0;
  if (cell.kind == Cell::Kind::kNull) return false;
  // PostgreSQL's text form of boolean.
  if (cell.text == "t" || cell.text == "true" || cell.text == "1") return true;
  if (cell.text == "f" || cell.text == "false" || cell.text == "0") return false;
  Corrupt(col, "a boolean", cell);
}

core::Timestamp Row::Time(size_t col) const {
  const Cell& cell = At(col);
  if (cell.kind == Cell::Kind::kInt) return core::Timestamp::FromMicros(cell.integer);
  auto parsed = core::Timestamp::Parse(cell.text);
  if (!parsed) Corrupt(col, "a timestamp", cell);
  return *parsed;
}

core::Date Row::Day(size_t col) const {
  const Cell& cell = At(col);
  auto parsed = core::Date::Parse(cell.text);
  if (!parsed) Corrupt(col, "a date", cell);
  return *parsed;
}

core::Uuid Row::Id(size_t col) const {
  const Cell& cell = At(col);
  auto parsed = core::Uuid::Parse(cell.text);
  if (!parsed) Corrupt(col, "a uuid", cell);
  return *parsed;
}

core::Json Row::Json(size_t col) const {
  const Cell& cell = At(col);
  if (cell.kind == Cell::Kind::kNull) return nullptr;
  try {
    return core::Json::parse(cell.text);
  } catch (const std::exception&) {
    Corrupt(col, "JSON", cell);
  }
}

}  // namespace sessiond::store
