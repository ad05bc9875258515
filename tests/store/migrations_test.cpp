// Migrations apply in order, once, and refuse a database from a newer binary.
#include <future>
#include <set>

#include "store/database.hpp"
#include "store/migrator.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

class StoreMigrations : public StoreTest {
 protected:
  std::vector<std::pair<int, std::string>> Recorded() {
    std::vector<std::pair<int, std::string>> recorded;
    EXPECT_OK(db().Read([&](Connection& c) -> core::Result<void> {
      core::Result<Rows> rows = c.Query("SELECT version, name, applied_at FROM schema_migrations"
                                        " ORDER BY applied_at, version");
      if (!rows) return rows.error();
      for (Row row : *rows) {
        recorded.emplace_back(int(row.Int(0)), row.Text(1));
        (void)row.Time(2);  // a timestamp on both backends
      }
      return core::Ok();
    }));
    return recorded;
  }

  const std::vector<Migration>& Embedded() { return EmbeddedMigrations(backend()); }
  int Newest() { return Embedded().back().version; }
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreMigrations,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendParamName);

TEST(EmbeddedMigrations, BothBackendsHaveTheSameNumberedMigrations) {
  const std::vector<Migration>& sqlite = EmbeddedMigrations(Backend::kSqlite);
  const std::vector<Migration>& postgres = EmbeddedMigrations(Backend::kPostgres);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, int(i) + 1) << "versions count up from 1 without gaps";
    EXPECT_EQ(postgres[i].version, sqlite[i].version);
    EXPECT_EQ(postgres[i].name, sqlite[i].name);
    EXPECT_FALSE(sqlite[i].sql.empty());
    EXPECT_FALSE(postgres[i].sql.empty());
  }
  EXPECT_EQ(sqlite[0].name, "idempotency_keys");
}

TEST_P(StoreMigrations, AppliesEveryMigrationInOrderOnANewDatabase) {
  EXPECT_EQ(CodeOf(CurrentSchemaVersion(db())), "ok");
  EXPECT_EQ(CurrentSchemaVersion(db()).value_or(-1), 0);

  core::Result<MigrationReport> report = Migrate(db());
  ASSERT_OK(report);
  EXPECT_EQ(report->from_version, 0);
  EXPECT_EQ(report->to_version, Newest());
  std::vector<int> all;
  std::vector<std::pair<int, std::string>> expected;
  for (const Migration& m : Embedded()) {
    all.push_back(m.version);
    expected.emplace_back(m.version, m.name);
  }
  EXPECT_EQ(report->applied, all);
  EXPECT_EQ(Recorded(), expected);
  EXPECT_EQ(CurrentSchemaVersion(db()).value_or(-1), Newest());
}

TEST_P(StoreMigrations, RunningAgainAppliesNothing) {
  ASSERT_OK(Migrate(db()));
  auto before = Recorded();
  core::Result<MigrationReport> again = Migrate(db());
  ASSERT_OK(again);
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->from_version, Newest());
  EXPECT_EQ(again->to_version, Newest());
  EXPECT_EQ(Recorded(), before);
}

TEST_P(StoreMigrations, RefusesADatabaseFromANewerBinary) {
  ASSERT_OK(Migrate(db()));
  int future = Newest() + 1;
  ASSERT_OK(db().Write([&](Connection& c) -> core::Result<void> {
    core::Result<int64_t> n = c.Execute(
        "INSERT INTO schema_migrations (version, name) VALUES (?, 'from_the_future')", {future});
    if (!n) return n.error();
    return core::Ok();
  }));
  core::Result<MigrationReport> refused = Migrate(db());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find(std::to_string(future)), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find(std::to_string(Newest())), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(CurrentSchemaVersion(db()).value_or(-1), future);
}

TEST_P(StoreMigrations, TwoNodesMigratingAtOnceApplyEachMigrationOnce) {
  std::unique_ptr<Database> other = OpenAnother();
  ASSERT_NE(other, nullptr);
  std::future<core::Result<MigrationReport>> a =
      std::async(std::launch::async, [&] { return Migrate(db()); });
  std::future<core::Result<MigrationReport>> b =
      std::async(std::launch::async, [&] { return Migrate(*other); });
  core::Result<MigrationReport> ra = a.get();
  core::Result<MigrationReport> rb = b.get();
  ASSERT_OK(ra);
  ASSERT_OK(rb);
  std::multiset<int> applied(ra->applied.begin(), ra->applied.end());
  applied.insert(rb->applied.begin(), rb->applied.end());
  std::multiset<int> all;
  for (const Migration& m : Embedded()) all.insert(m.version);
  EXPECT_EQ(applied, all);
  EXPECT_EQ(Recorded().size(), Embedded().size());
}

TEST_P(StoreMigrations, IdempotencyKeysAreUniquePerPrincipal) {
  ASSERT_OK(Migrate(db()));
  auto put = [&](std::string principal, std::string key) {
    return db().Write([=](Connection& c) -> core::Result<void> {
      core::Result<int64_t> n = c.Execute(
          "INSERT INTO idempotency_keys"
          " (key, principal, request_hash, status_code, response_body, created_at)"
          " VALUES (?, ?, ?, ?, ?, ?)",
          {key, principal, "sha256:abc", 201, AsJson({{"id", 1}}),
           *core::Timestamp::Parse("2026-11-21T19:04:00Z")});
      if (!n) return n.error();
      return core::Ok();
    });
  };
  EXPECT_OK(put("alice", "k1"));
  EXPECT_OK(put("bob", "k1"));
  EXPECT_EQ(CodeOf(put("alice", "k1")), "conflict");
  EXPECT_EQ(CodeOf(put("alice", "")), "unprocessable");
}

}  // namespace
}  // namespace sessiond::store::testing
