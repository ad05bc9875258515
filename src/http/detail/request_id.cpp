#include "http/detail/request_id.hpp"

namespace sessiond::http::detail {

bool IsUsableRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string RequestIds::For(std::string_view from_client) {
  if (IsUsableRequestId(from_client)) return std::string(from_client);
  return generator_.NewV7(clock_.Now()).ToString();
}

}  // namespace sessiond::http::detail
