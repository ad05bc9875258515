// Fails the writer's transaction control at every step of a group commit, in both ways
// SQLite can fail, and checks the one promise that matters: a write is in the database if
// and only if its `done` was told ok (STYLE.md, section 7: fail the n-th step, for every n).
#include "store/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <latch>
#include <random>
#include <set>

namespace sessiond::store::sqlite {
namespace {

constexpr int kWrites = 4;
constexpr int kFailingWrite = 2;  // returns an error after writing its row

class SqliteGroupCommitFaults : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sessiond-sqlite-faults-" + std::to_string(std::random_device()()));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Database> Open(int run) {
    DatabaseOptions options;
    options.url = "sqlite:" + (dir_ / ("run" + std::to_string(run) + ".db")).string();
    options.pool_size = 1;
    core::Result<std::unique_ptr<Database>> db = SqliteDatabase::Open(options);
    EXPECT_TRUE(db.ok()) << db.error().ToString();
    if (!db) return nullptr;
    core::Result<void> created = (*db)->Write(
        [](Connection& c) { return c.ExecuteScript("CREATE TABLE items (id INTEGER PRIMARY KEY)"); });
    EXPECT_TRUE(created.ok());
    return std::move(*db);
  }

  static std::set<int64_t> Ids(Database& db) {
    std::set<int64_t> ids;
    core::Result<void> read = db.Read([&](Connection& c) -> core::Result<void> {
      core::Result<Rows> rows = c.Query("SELECT id FROM items");
      if (!rows) return rows.error();
      for (Row row : *rows) ids.insert(row.Int(0));
      return core::Ok();
    });
    EXPECT_TRUE(read.ok());
    return ids;
  }

  std::filesystem::path dir_;
};
INSTANTIATE_TEST_SUITE_P(Faults, SqliteGroupCommitFaults,
                         ::testing::Values(SQLITE_BUSY, SQLITE_IOERR_WRITE),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == SQLITE_BUSY ? std::string("Busy")
                                                            : std::string("IoErrorRollsBack");
                         });

TEST_P(SqliteGroupCommitFaults, AWriteIsStoredIfAndOnlyIfItsDoneWasToldOk) {
  bool step_exists = true;
  int faulted_steps = 0;
  for (int fail_at = 0; step_exists; ++fail_at) {
    SCOPED_TRACE("transaction control statement #" + std::to_string(fail_at) + " fails");
    std::unique_ptr<Database> db = Open(fail_at);
    ASSERT_NE(db, nullptr);
    std::atomic<bool> armed{false};
    std::atomic<int> calls{0};
    std::atomic<bool> hit{false};
    static_cast<SqliteDatabase&>(*db).SetWriterFaultForTest([&](std::string_view) {
      if (!armed || calls++ != fail_at) return SQLITE_OK;
      hit = true;
      return GetParam();
    });

    // Hold the writer so that the writes below commit as one group.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> holding;
    std::latch done(kWrites + 1);
    db->WriteAsync(
        [&](Connection&) {
          holding.set_value();
          released.wait();
          return core::Ok();
        },
        [&](core::Result<void>) { done.count_down(); });
    holding.get_future().wait();
    std::vector<bool> told_ok(kWrites + 1, false);
    for (int id = 1; id <= kWrites; ++id) {
      db->WriteAsync(
          [id](Connection& c) -> core::Result<void> {
            core::Result<int64_t> n = c.Execute("INSERT INTO items (id) VALUES (?)", {id});
            if (!n) return n.error();
            if (id == kFailingWrite) return core::Error::Conflict("refused");
            return core::Ok();
          },
          [&, id](core::Result<void> r) {
            told_ok[id] = r.ok();
            done.count_down();
          });
    }
    armed = true;
    release.set_value();
    done.wait();
    armed = false;
    step_exists = hit;
    if (hit) ++faulted_steps;

    std::set<int64_t> ids = Ids(*db);
    for (int id = 1; id <= kWrites; ++id) {
      EXPECT_EQ(ids.contains(id), bool(told_ok[id])) << "write " << id;
    }
    EXPECT_FALSE(told_ok[kFailingWrite]);
    if (!hit) {
      EXPECT_EQ(ids, (std::set<int64_t>{1, 3, 4}));  // no fault: only the refused write is missing
    }
    // And the writer goes on working.
    EXPECT_TRUE(db->Write([](Connection& c) -> core::Result<void> {
                    core::Result<int64_t> n = c.Execute("INSERT INTO items (id) VALUES (99)");
                    if (!n) return n.error();
                    return core::Ok();
                  }).ok());
  }
  // The holding write's RELEASE and COMMIT, then the group's BEGIN, 4 x SAVEPOINT, 3 x RELEASE,
  // ROLLBACK TO + RELEASE for the refused write, COMMIT: at least 13 steps were failed.
  EXPECT_GE(faulted_steps, 13);
}

}  // namespace
}  // namespace sessiond::store::sqlite
