// Database::Open picks the backend by URL and refuses what it cannot open.
#include <fstream>

#include "store/database.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

core::Result<std::unique_ptr<Database>> OpenUrl(std::string url) {
  DatabaseOptions options;
  options.url = std::move(url);
  options.pool_size = 1;
  return Database::Open(options);
}

TEST(DatabaseOpen, RefusesUrlsOfNoKnownForm) {
  const char* urls[] = {"mysql://root@localhost/db", "", "./data/sessiond.db", "sqlite:",
                        "sqlite::memory:", "sqlite://data/x.db", "sqlite:file:x.db?mode=memory",
                        "postgres://[::1"};
  for (const char* url : urls) {
    core::Result<std::unique_ptr<Database>> db = OpenUrl(url);
    EXPECT_EQ(CodeOf(db), "unprocessable") << url;
  }
}

TEST(DatabaseOpen, DoesNotQuoteTheUrlWhichMayHoldAPassword) {
  core::Result<std::unique_ptr<Database>> db = OpenUrl("mysql://user:s3cret@host/db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().message.find("s3cret"), std::string::npos) << db.error().message;
}

TEST(DatabaseOpen, RefusesInvalidOptions) {
  DatabaseOptions options;
  options.url = "sqlite:" + (std::filesystem::temp_directory_path() / "sessiond-never.db").string();
  options.sqlite_synchronous = "SOMETIMES";
  EXPECT_EQ(CodeOf(Database::Open(options)), "unprocessable");
  options.sqlite_synchronous = "full";
  options.pool_size = 0;
  EXPECT_EQ(CodeOf(Database::Open(options)), "unprocessable");
  options.pool_size = 1;
  options.max_group_commit = 0;
  EXPECT_EQ(CodeOf(Database::Open(options)), "unprocessable");
}

TEST(DatabaseOpen, AnUnreachablePostgresIsUnavailable) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  core::Result<std::unique_ptr<Database>> db = OpenUrl("postgresql://nobody@127.0.0.1:1/none");
  EXPECT_EQ(CodeOf(db), "unavailable");
}

TEST(DatabaseOpen, AnUnopenableSqliteFileIsUnavailable) {
  // A path below a regular file: neither the directory nor the file can be created.
  std::filesystem::path file = std::filesystem::temp_directory_path() / "sessiond-store-a-file";
  { std::ofstream(file) << "not a directory"; }
  core::Result<std::unique_ptr<Database>> db = OpenUrl("sqlite:" + (file / "x.db").string());
  EXPECT_EQ(CodeOf(db), "unavailable");
  std::filesystem::remove(file);
}

class StoreOpen : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, StoreOpen,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendParamName);

TEST_P(StoreOpen, OpensTheBackendTheUrlNames) {
  EXPECT_EQ(db().backend(), backend());
  EXPECT_OK(db().Ping());
}

TEST_P(StoreOpen, ASecondDatabaseSeesTheFirstOnesCommits) {
  CreateItems();
  ASSERT_OK(db().Write([](Connection& c) -> core::Result<void> {
    core::Result<int64_t> n = c.Execute("INSERT INTO items (id, name) VALUES (1, 'shared')");
    if (!n) return n.error();
    return core::Ok();
  }));
  std::unique_ptr<Database> other = OpenAnother(2);
  ASSERT_NE(other, nullptr);
  std::string name;
  ASSERT_OK(other->Read([&](Connection& c) -> core::Result<void> {
    core::Result<Rows> rows = c.Query("SELECT name FROM items WHERE id = 1");
    if (!rows) return rows.error();
    name = (*rows)[0].Text(0);
    return core::Ok();
  }));
  EXPECT_EQ(name, "shared");
}

}  // namespace
}  // namespace sessiond::store::testing
