// The scratch database (simulate's private copy): units run on the caller's thread, a failing
// unit undoes only itself, reads see the writes before them, and everything reported ok is in
// the file once it is closed, whoever opens it next.
#include "store/sqlite/sqlite_scratch_database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "store/sqlite/sqlite_database.hpp"

namespace sessiond::store::sqlite {
namespace {

class SqliteScratchDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sessiond-scratch-" + std::to_string(std::random_device()()));
    options_.url = "sqlite:" + (dir_ / "scratch.db").string();
    options_.sqlite_synchronous = "OFF";
    options_.sqlite_scratch = true;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Database> OpenScratch() {
    core::Result<std::unique_ptr<Database>> db = Database::Open(options_);
    EXPECT_TRUE(db.ok()) << db.error().ToString();
    if (!db) return nullptr;
    EXPECT_TRUE((*db)->Write([](Connection& c) {
                       return c.ExecuteScript("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY)");
                     }).ok());
    return std::move(*db);
  }

  static core::Result<void> Insert(Database& db, int64_t id) {
    return db.Write([id](Connection& c) -> core::Result<void> {
      core::Result<int64_t> n = c.Execute("INSERT INTO items (id) VALUES (?)", {Value(id)});
      if (!n) return n.error();
      return core::Ok();
    });
  }

  static std::set<int64_t> Ids(Database& db) {
    std::set<int64_t> ids;
    core::Result<void> read = db.Read([&](Connection& c) -> core::Result<void> {
      core::Result<Rows> rows = c.Query("SELECT id FROM items");
      if (!rows) return rows.error();
      for (Row row : *rows) ids.insert(row.Int(0));
      return core::Ok();
    });
    EXPECT_TRUE(read.ok()) << read.error().ToString();
    return ids;
  }

  std::filesystem::path dir_;
  DatabaseOptions options_;
};

TEST_F(SqliteScratchDatabaseTest, RunsEachUnitOnTheCallersThreadBeforeReturning) {
  std::unique_ptr<Database> db = OpenScratch();
  ASSERT_TRUE(db);
  std::thread::id ran_on;
  bool done = false;
  db->WriteAsync(
      [&](Connection& c) -> core::Result<void> {
        ran_on = std::this_thread::get_id();
        core::Result<int64_t> n = c.Execute("INSERT INTO items (id) VALUES (1)");
        if (!n) return n.error();
        return core::Ok();
      },
      [&](core::Result<void> r) { done = r.ok(); });
  EXPECT_TRUE(done);
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(Ids(*db), (std::set<int64_t>{1}));
}

TEST_F(SqliteScratchDatabaseTest, AFailingUnitUndoesOnlyItself) {
  std::unique_ptr<Database> db = OpenScratch();
  ASSERT_TRUE(db);
  ASSERT_TRUE(Insert(*db, 1).ok());
  core::Result<void> failed = db->Write([](Connection& c) -> core::Result<void> {
    core::Result<int64_t> n = c.Execute("INSERT INTO items (id) VALUES (2)");
    if (!n) return n.error();
    return core::Error::Conflict("changed my mind");
  });
  EXPECT_EQ(failed.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(Insert(*db, 1).error().code, core::ErrorCode::kConflict);  // a duplicate key
  ASSERT_TRUE(Insert(*db, 3).ok());
  EXPECT_EQ(Ids(*db), (std::set<int64_t>{1, 3}));
}

TEST_F(SqliteScratchDatabaseTest, EveryWriteReportedOkIsInTheFileAfterClose) {
  // More writes than one batch, so that both a batch commit and the final one are exercised.
  constexpr int kWrites = SqliteScratchDatabase::kUnitsPerCommit + 10;
  {
    std::unique_ptr<Database> db = OpenScratch();
    ASSERT_TRUE(db);
    for (int i = 0; i < kWrites; ++i) ASSERT_TRUE(Insert(*db, i).ok());
    db->Close();
  }
  DatabaseOptions durable = options_;
  durable.sqlite_scratch = false;
  core::Result<std::unique_ptr<Database>> reopened = SqliteDatabase::Open(durable);
  ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
  EXPECT_EQ(Ids(**reopened).size(), size_t(kWrites));
}

TEST_F(SqliteScratchDatabaseTest, WorkQueuedFromInsideAUnitRunsAfterItAndABlockingCallFails) {
  std::unique_ptr<Database> db = OpenScratch();
  ASSERT_TRUE(db);
  std::vector<std::string> order;
  core::Result<void> nested = core::Ok();
  ASSERT_TRUE(db->Write([&](Connection& c) -> core::Result<void> {
                  order.push_back("outer");
                  db->WriteAsync(
                      [&](Connection& inner) -> core::Result<void> {
                        order.push_back("queued");
                        core::Result<int64_t> n = inner.Execute("INSERT INTO items (id) VALUES (2)");
                        if (!n) return n.error();
                        return core::Ok();
                      },
                      [&](core::Result<void>) { order.push_back("queued done"); });
                  // Waiting here for the database would wait for itself.
                  nested = db->Read([](Connection&) { return core::Ok(); });
                  core::Result<int64_t> n = c.Execute("INSERT INTO items (id) VALUES (1)");
                  if (!n) return n.error();
                  return core::Ok();
                }).ok());
  EXPECT_EQ(order, (std::vector<std::string>{"outer", "queued", "queued done"}));
  EXPECT_EQ(nested.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(Ids(*db), (std::set<int64_t>{1, 2}));
}

}  // namespace
}  // namespace sessiond::store::sqlite
