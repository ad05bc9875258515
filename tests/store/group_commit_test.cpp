// Many writers at once: nothing is lost, and in a group commit one failing write undoes
// only itself.
#include <atomic>
#include <future>
#include <latch>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "store/database.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

class StoreConcurrency : public StoreTest {
 protected:
  std::set<int64_t> Ids() {
    std::set<int64_t> ids;
    EXPECT_OK(db().Read([&](Connection& c) -> core::Result<void> {
      core::Result<Rows> rows = c.Query("SELECT id FROM items");
      if (!rows) return rows.error();
      for (Row row : *rows) ids.insert(row.Int(0));
      return core::Ok();
    }));
    return ids;
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreConcurrency,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendParamName);

core::Result<void> Insert(Connection& c, int64_t id) {
  core::Result<int64_t> n = c.Execute("INSERT INTO items (id, name) VALUES (?, ?)", {id, "x"});
  if (!n) return n.error();
  return core::Ok();
}

TEST_P(StoreConcurrency, ConcurrentWritersLoseNothing) {
  CreateItems();
  constexpr int kThreads = 8;
  constexpr int kWritesEach = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        core::Result<void> r = db().Write([=](Connection& c) { return Insert(c, t * 1000 + i); });
        if (!r) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<int64_t> ids = Ids();
  EXPECT_EQ(ids.size(), size_t(kThreads * kWritesEach));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWritesEach; ++i) EXPECT_TRUE(ids.contains(t * 1000 + i)) << t << "/" << i;
  }
}

TEST_P(StoreConcurrency, ReadsRunAlongsideWrites) {
  CreateItems();
  constexpr int kWrites = 300;
  std::atomic<bool> done{false};
  std::atomic<int> read_failures{0};
  std::thread reader([&] {
    int64_t last = 0;
    while (!done) {
      int64_t now = -1;
      core::Result<void> r = db().Read([&](Connection& c) -> core::Result<void> {
        core::Result<Rows> rows = c.Query("SELECT count(*) FROM items");
        if (!rows) return rows.error();
        now = (*rows)[0].Int(0);
        return core::Ok();
      });
      // Counts only grow: a read never sees a write undone.
      if (!r || now < last) ++read_failures;
      last = now;
    }
  });
  for (int i = 0; i < kWrites; ++i) ASSERT_OK(db().Write([=](Connection& c) { return Insert(c, i); }));
  done = true;
  reader.join();
  EXPECT_EQ(read_failures.load(), 0);
  EXPECT_EQ(Count("items"), kWrites);
}

// How each queued write behaves, by index.
enum class Outcome { kCommits, kReturnsError, kConflicts, kSwallowsFailure, kThrows };
constexpr Outcome kOutcomes[] = {Outcome::kCommits, Outcome::kReturnsError, Outcome::kCommits,
                                 Outcome::kConflicts, Outcome::kSwallowsFailure, Outcome::kCommits,
                                 Outcome::kThrows};

core::Result<void> RunOutcome(Connection& c, int64_t id, Outcome outcome) {
  if (auto r = Insert(c, id); !r) return r;
  switch (outcome) {
    case Outcome::kCommits:
      return core::Ok();
    case Outcome::kReturnsError:
      return core::Error::Unprocessable("refused after writing");
    case Outcome::kConflicts:
      return Insert(c, 0);  // row 0 exists: the unit fails with kConflict
    case Outcome::kSwallowsFailure:
      (void)Insert(c, 0);
      return core::Ok();
    case Outcome::kThrows:
      throw std::runtime_error("bug");
  }
  return core::Ok();
}

std::string ExpectedCode(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCommits: return "ok";
    case Outcome::kReturnsError: return "unprocessable";
    case Outcome::kConflicts: return "conflict";
    case Outcome::kSwallowsFailure: return "conflict";
    case Outcome::kThrows: return "internal";
  }
  return "?";
}

TEST_P(StoreConcurrency, AFailingWriteInAGroupUndoesOnlyItself) {
  CreateItems();
  ASSERT_OK(db().Write([](Connection& c) { return Insert(c, 0); }));

  // Hold the writer (SQLite) or one worker (PostgreSQL) until every write is queued, so
  // that on SQLite they all commit in one group.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  db().WriteAsync(
      [&](Connection&) {
        holding.set_value();
        released.wait();
        return core::Ok();
      },
      [](core::Result<void>) {});
  holding.get_future().wait();

  constexpr int kWrites = 140;  // below max_group_commit (256): one group
  std::vector<std::string> codes(kWrites);
  std::latch all_done(kWrites);
  for (int i = 0; i < kWrites; ++i) {
    Outcome outcome = kOutcomes[i % std::size(kOutcomes)];
    db().WriteAsync([=](Connection& c) { return RunOutcome(c, i + 1, outcome); },
                    [&, i](core::Result<void> r) {
                      codes[i] = CodeOf(r);  // each index written by its own done only
                      all_done.count_down();
                    });
  }
  if (IsSqlite()) {
    EXPECT_EQ(db().Stats().queued, kWrites);  // the next group holds them all
  }
  release.set_value();
  all_done.wait();

  std::set<int64_t> expected_ids = {0};
  for (int i = 0; i < kWrites; ++i) {
    Outcome outcome = kOutcomes[i % std::size(kOutcomes)];
    EXPECT_EQ(codes[i], ExpectedCode(outcome)) << "write " << i;
    if (outcome == Outcome::kCommits) expected_ids.insert(i + 1);
  }
  EXPECT_EQ(Ids(), expected_ids);
}

TEST_P(StoreConcurrency, ADeferredForeignKeyViolationFailsOnlyItsOwnWrite) {
  CreateItems();
  Script(
      "CREATE TABLE parts ("
      " id INTEGER PRIMARY KEY,"
      " item_id INTEGER NOT NULL REFERENCES items (id) DEFERRABLE INITIALLY DEFERRED)");
  ASSERT_OK(db().Write([](Connection& c) { return Insert(c, 1); }));

  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  db().WriteAsync(
      [&](Connection&) {
        holding.set_value();
        released.wait();
        return core::Ok();
      },
      [](core::Result<void>) {});
  holding.get_future().wait();

  // Part 2 points at an item that never exists: checked only at the end of its transaction.
  const int64_t item_of_part[] = {0, 1, 404, 1};
  std::vector<std::string> codes(4);
  std::latch all_done(3);
  for (int64_t part = 1; part <= 3; ++part) {
    db().WriteAsync(
        [part, item = item_of_part[part]](Connection& c) -> core::Result<void> {
          core::Result<int64_t> n =
              c.Execute("INSERT INTO parts (id, item_id) VALUES (?, ?)", {part, item});
          if (!n) return n.error();
          return core::Ok();
        },
        [&, part](core::Result<void> r) {
          codes[part] = CodeOf(r);
          all_done.count_down();
        });
  }
  release.set_value();
  all_done.wait();
  EXPECT_EQ(codes[1], "ok");
  EXPECT_EQ(codes[2], "unprocessable");
  EXPECT_EQ(codes[3], "ok");
  EXPECT_EQ(Count("parts"), 2);
}

}  // namespace
}  // namespace sessiond::store::testing
