#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"
#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace sessiond::store {

// One cell as a backend delivered it: SQLite gives integers, reals and text; PostgreSQL
// gives text. Row's typed accessors convert from either, so repositories read columns the
// same way on both backends.
struct Cell {
  enum class Kind { kNull, kInt, kDouble, kText };
  Kind kind = Kind::kNull;
  int64_t integer = 0;
  double real = 0;
  std::string text;
};

// A view of one row of a Rows. Accessors take the column index (0-based) in SELECT order.
// Reading a column as a type it cannot hold (a corrupt value) throws std::runtime_error: the
// schema guarantees the type, so this is a bug, caught by the request or scheduler net.
class Row {
 public:
  Row(const Cell* cells, size_t width) : cells_(cells), width_(width) {}

  size_t size() const { return width_; }
  bool IsNull(size_t col) const;
  std::string Text(size_t col) const;
  int64_t Int(size_t col) const;
  double Double(size_t col) const;
  bool Bool(size_t col) const;
  core::Timestamp Time(size_t col) const;
  core::Date Day(size_t col) const;
  core::Uuid Id(size_t col) const;
  core::Json Json(size_t col) const;

 private:
  const Cell& At(size_t col) const;
  const Cell* cells_;
  size_t width_;
};

// The whole result of one statement, materialized (results are small and short-lived; the
// connection is returned to its pool before the caller reads them).
class Rows {
 public:
  Rows() = default;
  Rows(std::vector<std::string> columns, std::vector<Cell> cells)
      : columns_(std::move(columns)), cells_(std::move(cells)) {}

  size_t size() const { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
  bool empty() const { return size() == 0; }
  const std::vector<std::string>& columns() const { return columns_; }
  Row operator[](size_t i) const { return Row(&cells_[i * columns_.size()], columns_.size()); }

  class Iterator {
   public:
    Iterator(const Rows* rows, size_t i) : rows_(rows), i_(i) {}
    Row operator*() const { return (*rows_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    const Rows* rows_;
    size_t i_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

 private:
  std::vector<std::string> columns_;
  std::vector<Cell> cells_;  // row-major, columns_.size() per row
};

}  // namespace sessiond::store
