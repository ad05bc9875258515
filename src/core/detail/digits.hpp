#pragma once

#include <string_view>

namespace sessiond::core::detail {

// A cursor over ASCII text for the hand-written parsers of dates and times, which are on hot
// paths (every stored timestamp is parsed back) and need exact, locale-free behaviour.
class DigitReader {
 public:
  explicit DigitReader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Skip() { ++pos_; }
  std::string_view Rest() const { return text_.substr(pos_); }

  // Consumes `c` if it is next.
  bool Char(char c) {
    if (Peek() != c || AtEnd()) return false;
    ++pos_;
    return true;
  }
  // Consumes one digit into `value`.
  bool Digit(int& value) {
    if (AtEnd() || text_[pos_] < '0' || text_[pos_] > '9') return false;
    value = text_[pos_++] - '0';
    return true;
  }
  // Consumes exactly `count` digits into `value`.
  bool Fixed(int count, int& value) {
    value = 0;
    for (int i = 0; i < count; ++i) {
      int digit = 0;
      if (!Digit(digit)) return false;
      value = value * 10 + digit;
    }
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace sessiond::core::detail
