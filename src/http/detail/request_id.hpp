#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/uuid.hpp"

namespace sessiond::http::detail {

// The longest X-Request-Id taken from a client; longer ones are replaced.
inline constexpr size_t kMaxRequestIdLength = 128;

// True when a client's X-Request-Id can be used as is: 1 to kMaxRequestIdLength visible
// ASCII characters (no spaces or controls), so it is safe in log lines and headers.
bool IsUsableRequestId(std::string_view id);

// Picks the id of each request: the client's X-Request-Id when usable, else a new UUIDv7
// on the injected clock. Thread-safe.
class RequestIds {
 public:
  explicit RequestIds(const core::Clock& clock) : clock_(clock) {}

  // `from_client` is the X-Request-Id header value, empty when absent.
  std::string For(std::string_view from_client);

 private:
  const core::Clock& clock_;
  core::UuidGenerator generator_;
};

}  // namespace sessiond::http::detail
