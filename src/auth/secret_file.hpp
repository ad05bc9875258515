#pragma once

#include <string>

#include "core/config.hpp"
#include "core/result.hpp"

namespace sessiond::auth {

// The signing secret in force: `auth.jwt_secret` when configured; otherwise the contents of
// <data_dir>/jwt_secret, which is created (32 random bytes, hex, mode 0600) when missing and
// `create_if_missing` is set. `serve` creates it; `token` only reads it, so both agree.
struct SecretSource {
  std::string secret;
  std::string path;     // the file it came from; empty when configured directly
  bool created = false; // true when this call generated it
};

// Errors: kUnavailable when the file cannot be read or written; kNotFound when it is missing
// and `create_if_missing` is false.
core::Result<SecretSource> LoadSigningSecret(const core::Config& config, bool create_if_missing);

}  // namespace sessiond::auth
