// Units of work commit or roll back as a whole, on both backends alike.
#include <atomic>
#include <future>
#include <stdexcept>

#include "store/database.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

class StoreTransactions : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, StoreTransactions,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendParamName);

core::Result<void> Insert(Connection& c, int64_t id, std::string_view name, int64_t qty = 1) {
  core::Result<int64_t> n =
      c.Execute("INSERT INTO items (id, name, qty) VALUES (?, ?, ?)", {id, name, qty});
  if (!n) return n.error();
  return core::Ok();
}

TEST_P(StoreTransactions, CommitsEverythingAUnitWroteWhenItReturnsOk) {
  CreateItems();
  ASSERT_OK(db().Write([](Connection& c) -> core::Result<void> {
    if (auto r = Insert(c, 1, "one"); !r) return r;
    return Insert(c, 2, "two");
  }));
  EXPECT_EQ(Count("items"), 2);
}

TEST_P(StoreTransactions, RollsBackEverythingAUnitWroteWhenItReturnsAnError) {
  CreateItems();
  core::Result<void> r = db().Write([](Connection& c) -> core::Result<void> {
    if (auto r = Insert(c, 1, "one"); !r) return r;
    if (auto r = Insert(c, 2, "two"); !r) return r;
    return core::Error::Conflict("changed my mind");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(r.error().message, "changed my mind");
  EXPECT_EQ(Count("items"), 0);
}

TEST_P(StoreTransactions, AFailedStatementSpoilsItsUnitEvenIfTheWorkIgnoresIt) {
  CreateItems();
  ASSERT_OK(db().Write([](Connection& c) { return Insert(c, 1, "one"); }));
  core::Result<int64_t> after_failure = 0;
  core::Result<void> r = db().Write([&](Connection& c) -> core::Result<void> {
    if (auto r = Insert(c, 2, "two"); !r) return r;
    (void)Insert(c, 1, "duplicate");                     // fails: kConflict
    after_failure = c.Execute("DELETE FROM items");      // refused: the unit is spoiled
    return core::Ok();                                   // and yet it claims success
  });
  EXPECT_EQ(CodeOf(after_failure), "internal");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict) << r.error().ToString();
  EXPECT_EQ(Count("items"), 1);
}

TEST_P(StoreTransactions, AThrowingUnitIsRolledBackAndReportedAsInternal) {
  CreateItems();
  core::Result<void> r = db().Write([](Connection& c) -> core::Result<void> {
    if (auto r = Insert(c, 1, "one"); !r) return r;
    throw std::runtime_error("bug in a repository");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(r.error().message.find("bug in a repository"), std::string::npos);
  EXPECT_EQ(Count("items"), 0);
}

TEST_P(StoreTransactions, ExecuteReportsTheRowsItChanged) {
  CreateItems();
  core::Result<int64_t> updated = 0;
  ASSERT_OK(db().Write([&](Connection& c) -> core::Result<void> {
    for (int i = 1; i <= 3; ++i) {
      if (auto r = Insert(c, i, "x", i); !r) return r;
    }
    updated = c.Execute("UPDATE items SET qty = qty + 1 WHERE qty >= ?", {2});
    return core::Ok();
  }));
  ASSERT_OK(updated);
  EXPECT_EQ(*updated, 2);
}

TEST_P(StoreTransactions, QueryReturnsColumnsAndRowsInOrder) {
  CreateItems();
  ASSERT_OK(db().Write([](Connection& c) -> core::Result<void> {
    if (auto r = Insert(c, 2, "b", 20); !r) return r;
    return Insert(c, 1, "a", 10);
  }));
  Rows rows;
  ASSERT_OK(db().Read([&](Connection& c) -> core::Result<void> {
    core::Result<Rows> r = c.Query("SELECT id, name, qty FROM items ORDER BY id");
    if (!r) return r.error();
    rows = std::move(*r);
    return core::Ok();
  }));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.columns(), (std::vector<std::string>{"id", "name", "qty"}));
  EXPECT_EQ(rows[0].Int(0), 1);
  EXPECT_EQ(rows[0].Text(1), "a");
  EXPECT_EQ(rows[1].Int(2), 20);
}

TEST_P(StoreTransactions, AReadSeesOneSnapshotWhileWritesCommit) {
  CreateItems();
  ASSERT_OK(db().Write([](Connection& c) { return Insert(c, 1, "before"); }));
  std::promise<void> write_committed;
  std::shared_future<void> committed = write_committed.get_future().share();
  std::promise<void> first_read_done;
  int64_t first = -1, second = -1;

  std::future<core::Result<void>> read = std::async(std::launch::async, [&] {
    return db().Read([&](Connection& c) -> core::Result<void> {
      core::Result<Rows> a = c.Query("SELECT count(*) FROM items");
      if (!a) return a.error();
      first = (*a)[0].Int(0);
      first_read_done.set_value();
      committed.wait();  // a write commits between the two statements
      core::Result<Rows> b = c.Query("SELECT count(*) FROM items");
      if (!b) return b.error();
      second = (*b)[0].Int(0);
      return core::Ok();
    });
  });
  first_read_done.get_future().wait();
  ASSERT_OK(db().Write([](Connection& c) { return Insert(c, 2, "during"); }));
  write_committed.set_value();
  ASSERT_OK(read.get());
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  EXPECT_EQ(Count("items"), 2);
}

TEST_P(StoreTransactions, AReadCannotWrite) {
  CreateItems();
  core::Result<void> r = db().Read([](Connection& c) { return Insert(c, 1, "sneaky"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal) << r.error().ToString();
  EXPECT_EQ(Count("items"), 0);
}

TEST_P(StoreTransactions, AsyncCallsDeliverTheirOwnResultToDone) {
  CreateItems();
  std::promise<core::Result<void>> written;
  db().WriteAsync([](Connection& c) { return Insert(c, 7, "seven"); },
                  [&](core::Result<void> r) { written.set_value(std::move(r)); });
  ASSERT_OK(written.get_future().get());
  std::promise<core::Result<void>> read;
  int64_t qty = 0;
  db().ReadAsync(
      [&](Connection& c) -> core::Result<void> {
        core::Result<Rows> rows = c.Query("SELECT qty FROM items WHERE id = ?", {7});
        if (!rows) return rows.error();
        qty = (*rows)[0].Int(0);
        return core::Ok();
      },
      [&](core::Result<void> r) { read.set_value(std::move(r)); });
  ASSERT_OK(read.get_future().get());
  EXPECT_EQ(qty, 1);
}

TEST_P(StoreTransactions, BlockingCallsFromAStoreThreadFailInsteadOfDeadlocking) {
  CreateItems();
  core::Result<void> nested = core::Ok();
  ASSERT_OK(db().Write([&](Connection&) -> core::Result<void> {
    nested = db().Read([](Connection&) { return core::Ok(); });
    return core::Ok();
  }));
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code, core::ErrorCode::kInternal);

  std::promise<core::Result<void>> from_done;
  db().WriteAsync([](Connection&) { return core::Ok(); },
                  [&](core::Result<void>) { from_done.set_value(db().Ping()); });
  core::Result<void> ping = from_done.get_future().get();
  ASSERT_FALSE(ping.ok());
  EXPECT_EQ(ping.error().code, core::ErrorCode::kInternal);
}

TEST_P(StoreTransactions, PingAnswersAndStatsCountTheConnections) {
  EXPECT_OK(db().Ping());
  PoolStats stats = db().Stats();
  // SQLite: the readers plus the writer; PostgreSQL: the pool.
  EXPECT_EQ(stats.connections, IsSqlite() ? options().pool_size + 1 : options().pool_size);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.queued, 0);
}

TEST_P(StoreTransactions, WorkAfterCloseIsRefusedAsUnavailable) {
  db().Close();
  core::Result<void> r = db().Write([](Connection&) { return core::Ok(); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(CodeOf(db().Ping()), "unavailable");
  db().Close();  // idempotent
}

}  // namespace
}  // namespace sessiond::store::testing
