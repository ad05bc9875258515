#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sessiond::auth::detail {

// Base64url without padding (RFC 4648 section 5), as JWTs use it.
std::string Base64UrlEncode(std::string_view bytes);
// nullopt for characters outside the alphabet or an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// HMAC-SHA256 of `data` under `key` (OpenSSL), as raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sessiond::auth::detail
