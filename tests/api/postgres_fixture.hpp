#pragma once

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace sessiond::testing {

// Tests that need the PostgreSQL server scripts/with-postgres starts (SESSIOND_TEST_PG_URL).
// Without it they skip, except under CI=true, where they fail: CI never passes by skipping.
class PostgresApiTest : public ::testing::Test {
 protected:
  static std::string EnvOr(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
  }
  void SetUp() override {
    url_ = EnvOr("SESSIOND_TEST_PG_URL");
    if (url_.empty()) {
      if (EnvOr("CI") == "true") FAIL() << "SESSIOND_TEST_PG_URL is not set (run under scripts/with-postgres)";
      GTEST_SKIP() << "SESSIOND_TEST_PG_URL not set; run under scripts/with-postgres";
    }
  }
  std::string url_;
};

}  // namespace sessiond::testing
