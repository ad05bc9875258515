#include "core/uuid.hpp"

namespace sessiond::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";
// Positions of the dashes in the canonical text form.
constexpr bool IsDash(size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<Uuid> Uuid::Parse(std::string_view text) {
  auto invalid = [&] {
    return Error::Unprocessable("invalid id '" + std::string(text) + "': expected a UUID");
  };
  if (text.size() != 36) return invalid();
  std::array<uint8_t, 16> bytes{};
  size_t out = 0;
  for (size_t i = 0; i < text.size();) {
    if (IsDash(i)) {
      if (text[i] != '-') return invalid();
      ++i;
      continue;
    }
    int hi = HexValue(text[i]);
    int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return invalid();
    bytes[out++] = uint8_t(hi << 4 | lo);
    i += 2;
  }
  return Uuid(bytes);
}

std::string Uuid::ToString() const {
  char text[36];
  char* out = text;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *out++ = '-';
    *out++ = kHex[bytes_[i] >> 4];
    *out++ = kHex[bytes_[i] & 0xf];
  }
  return std::string(text, sizeof text);
}

UuidGenerator::UuidGenerator() : random_(std::random_device{}()) {}

Uuid UuidGenerator::NewV7(Timestamp now) {
  std::lock_guard lock(mu_);
  int64_t millis = now.micros() / 1000;
  if (millis > last_millis_) {
    last_millis_ = millis;
    counter_ = uint16_t(random_() & 0x3ff);  // start low so the counter rarely overflows
  } else {
    // Same (or an earlier, if the clock stepped back) millisecond: keep order by counting.
    if (++counter_ > 0xfff) {
      ++last_millis_;
      counter_ = 0;
    }
  }
  uint64_t random = random_();
  std::array<uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i) b[i] = uint8_t(uint64_t(last_millis_) >> (40 - 8 * i));
  b[6] = uint8_t(0x70 | (counter_ >> 8));
  b[7] = uint8_t(counter_);
  b[8] = uint8_t(0x80 | (random & 0x3f));
  for (int i = 9; i < 16; ++i) b[i] = uint8_t(random >> (8 * (i - 8)));
  return Uuid(b);
}

}  // namespace sessiond::core
