#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/database.hpp"

namespace sessiond::store {

// Prints a backend by name in test failure messages.
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kSqlite ? "sqlite" : "postgres");
}

}  // namespace sessiond::store

namespace sessiond::store::testing {

// Success, or a failure that prints the error (leveldb's ASSERT_OK in util/testutil.h).
template <typename T>
::testing::AssertionResult IsOk(const core::Result<T>& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << result.error().ToString();
}

// The error code of a failed result, printed by name; "ok" when it succeeded.
template <typename T>
std::string CodeOf(const core::Result<T>& result) {
  if (result.ok()) return "ok";
  return std::string(core::ErrorCodeName(result.error().code));
}

#define ASSERT_OK(expr) ASSERT_TRUE(::sessiond::store::testing::IsOk(expr))
#define EXPECT_OK(expr) EXPECT_TRUE(::sessiond::store::testing::IsOk(expr))

std::string EnvOr(const char* name, std::string fallback = "");

// An empty database of its own for one test, removed afterwards: on SQLite a file in a new
// temporary directory, on PostgreSQL a new schema in the database of SESSIOND_TEST_PG_URL
// (its URL sets search_path to that schema, so unqualified names land there).
class ScratchDatabase {
 public:
  // Errors: kUnavailable when the backend's server cannot be reached.
  static core::Result<std::unique_ptr<ScratchDatabase>> Create(Backend backend,
                                                               const std::string& pg_url);
  ~ScratchDatabase();

  // Options that open this scratch database: the URL plus the store's defaults.
  const DatabaseOptions& options() const { return options_; }

 private:
  ScratchDatabase() = default;
  Backend backend_ = Backend::kSqlite;
  DatabaseOptions options_;
  std::filesystem::path dir_;  // SQLite
  std::string pg_url_;         // PostgreSQL: the base URL, to drop the schema
  std::string schema_;         // PostgreSQL
};

// The fixture of the conformance suite, run once per backend. PostgreSQL needs
// SESSIOND_TEST_PG_URL (scripts/with-postgres sets it); without it the PostgreSQL cases
// skip, except under CI=true, where they fail: CI must never pass by skipping them.
class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Backend backend() const { return GetParam(); }
  bool IsSqlite() const { return backend() == Backend::kSqlite; }
  Database& db() { return *db_; }
  // Another Database on the same scratch database, e.g. a second node.
  std::unique_ptr<Database> OpenAnother(int pool_size = 8);
  const DatabaseOptions& options() const { return scratch_->options(); }

  // The backend's variant of a statement (DDL differs in its types).
  std::string_view Pick(std::string_view sqlite, std::string_view postgres) const {
    return IsSqlite() ? sqlite : postgres;
  }
  // Runs a script in a write; fails the test on error.
  void Script(std::string_view sql);
  // Creates items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER CHECK (qty >= 0)).
  void CreateItems();
  // Rows of a table, or -1 on error (reported as a test failure).
  int64_t Count(std::string_view table);

 private:
  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<Database> db_;
};

// Instantiates a StoreTest-derived suite for both backends, named /Sqlite and /Postgres.
std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info);

}  // namespace sessiond::store::testing
