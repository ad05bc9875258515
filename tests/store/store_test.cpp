#include "store_test.hpp"

#include <cstdlib>
#include <random>

namespace sessiond::store::testing {
namespace {

std::string RandomSuffix() {
  std::random_device device;
  std::mt19937_64 random(device());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(random()));
  return buf;
}

// Appends a libpq URI parameter, URL-encoded as libpq decodes it.
std::string WithSearchPath(const std::string& url, const std::string& schema) {
  char separator = url.find('?') == std::string::npos ? '?' : '&';
  return url + separator + "options=-csearch_path%3D" + schema;
}

core::Result<void> RunScript(Database& db, std::string sql) {
  return db.Write([&](Connection& c) { return c.ExecuteScript(sql); });
}

}  // namespace

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::move(fallback);
}

core::Result<std::unique_ptr<ScratchDatabase>> ScratchDatabase::Create(Backend backend,
                                                                       const std::string& pg_url) {
  std::unique_ptr<ScratchDatabase> scratch(new ScratchDatabase());
  scratch->backend_ = backend;
  if (backend == Backend::kSqlite) {
    scratch->dir_ = std::filesystem::temp_directory_path() / ("sessiond-store-" + RandomSuffix());
    // A directory that does not exist yet: Open must create it.
    scratch->options_.url = "sqlite:" + (scratch->dir_ / "nested" / "test.db").string();
    return scratch;
  }
  scratch->pg_url_ = pg_url;
  scratch->schema_ = "store_test_" + RandomSuffix();
  DatabaseOptions admin_options;
  admin_options.url = pg_url;
  admin_options.pool_size = 1;
  core::Result<std::unique_ptr<Database>> admin = Database::Open(admin_options);
  if (!admin) return admin.error();
  if (core::Result<void> made = RunScript(**admin, "CREATE SCHEMA " + scratch->schema_); !made) {
    return made.error();
  }
  scratch->options_.url = WithSearchPath(pg_url, scratch->schema_);
  return scratch;
}

ScratchDatabase::~ScratchDatabase() {
  if (backend_ == Backend::kSqlite) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    return;
  }
  DatabaseOptions admin_options;
  admin_options.url = pg_url_;
  admin_options.pool_size = 1;
  core::Result<std::unique_ptr<Database>> admin = Database::Open(admin_options);
  if (admin) (void)RunScript(**admin, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
}

void StoreTest::SetUp() {
  std::string pg_url = EnvOr("SESSIOND_TEST_PG_URL");
  if (backend() == Backend::kPostgres && pg_url.empty()) {
    if (EnvOr("CI") == "true") {
      FAIL() << "SESSIOND_TEST_PG_URL is not set but CI=true: the PostgreSQL half of the store "
                "suite must run in CI (run the tests under scripts/with-postgres)";
    }
    GTEST_SKIP() << "SESSIOND_TEST_PG_URL is not set; run under scripts/with-postgres to test "
                    "PostgreSQL";
  }
  core::Result<std::unique_ptr<ScratchDatabase>> scratch = ScratchDatabase::Create(backend(), pg_url);
  ASSERT_OK(scratch);
  scratch_ = std::move(*scratch);
  core::Result<std::unique_ptr<Database>> db = Database::Open(scratch_->options());
  ASSERT_OK(db);
  db_ = std::move(*db);
}

void StoreTest::TearDown() {
  db_.reset();  // closes the pool before its schema or file goes away
  scratch_.reset();
}

std::unique_ptr<Database> StoreTest::OpenAnother(int pool_size) {
  DatabaseOptions options = scratch_->options();
  options.pool_size = pool_size;
  core::Result<std::unique_ptr<Database>> db = Database::Open(options);
  EXPECT_OK(db);
  return db ? std::move(*db) : nullptr;
}

void StoreTest::Script(std::string_view sql) {
  ASSERT_OK(RunScript(*db_, std::string(sql)));
}

void StoreTest::CreateItems() {
  Script(
      "CREATE TABLE items ("
      " id INTEGER PRIMARY KEY,"
      " name TEXT NOT NULL,"
      " qty INTEGER CHECK (qty >= 0))");
}

int64_t StoreTest::Count(std::string_view table) {
  int64_t count = -1;
  core::Result<void> read = db_->Read([&](Connection& c) -> core::Result<void> {
    core::Result<Rows> rows = c.Query("SELECT count(*) FROM " + std::string(table));
    if (!rows) return rows.error();
    count = (*rows)[0].Int(0);
    return core::Ok();
  });
  EXPECT_OK(read);
  return count;
}

std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace sessiond::store::testing
