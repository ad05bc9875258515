// The event log and the hub against real databases (SQLite and PostgreSQL): ids in commit
// order, rolled-back events never seen, channel reads for a resume, pruning that is recorded,
// live delivery from a commit (and, on PostgreSQL, from another node through NOTIFY), and a
// slow subscriber cut off at its buffer.
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "core/metrics.hpp"
#include "realtime/event_log.hpp"
#include "realtime/hub.hpp"
#include "store/migrator.hpp"
#include "store_test.hpp"

namespace sessiond::realtime::testing {
namespace {

using core::Timestamp;
using store::testing::StoreTest;

Timestamp At(const char* text) { return *Timestamp::Parse(text); }

// Counts wake-ups from the hub, and waits (bounded by real time) for the next one.
class Waker {
 public:
  std::function<void()> Callback() {
    return [this] {
      std::lock_guard lock(mu_);
      ++wakes_;
      cv_.notify_all();
    };
  }
  bool WaitFor(int wakes) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return wakes_ >= wakes; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int wakes_ = 0;
};

class RealtimeTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(store::Migrate(db()));
  }

  int64_t Append(store::Database& database, const std::string& channel, const std::string& type,
                 Timestamp at = At("2026-11-21T12:00:00Z")) {
    int64_t id = 0;
    EXPECT_OK(database.Write([&](store::Connection& c) -> core::Result<void> {
      auto appended = AppendEvent(c, channel, type, {{"n", type}}, at);
      if (!appended) return appended.error();
      id = *appended;
      return core::Ok();
    }));
    return id;
  }
  std::vector<std::string> Types(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const Event& e : events) out.push_back(e.channel + "/" + e.type);
    return out;
  }
  std::vector<std::string> Types(const std::vector<LiveEventPtr>& events) {
    std::vector<std::string> out;
    for (const LiveEventPtr& e : events) {
      out.push_back(e->event.channel + "/" + e->event.type);
      EXPECT_EQ(e->frame, FormatSse(e->event)) << "the frame is the event's";
    }
    return out;
  }

  core::MetricsRegistry metrics_;
};

using Seq = std::vector<std::string>;

TEST_P(RealtimeTest, IdsGrowAndARolledBackEventIsNeverSeen) {
  int64_t a = Append(db(), "presence", "one");
  core::Result<void> undone = db().Write([&](store::Connection& c) -> core::Result<void> {
    auto appended = AppendEvent(c, "presence", "undone", {}, At("2026-11-21T12:00:00Z"));
    if (!appended) return appended.error();
    return core::Error::Conflict("the change failed, so its event goes too");
  });
  EXPECT_FALSE(undone.ok());
  int64_t b = Append(db(), "jobs", "two");
  EXPECT_LT(a, b);
  std::vector<Event> events;
  ASSERT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
    auto read = ReadEventsAfter(c, 0, 100);
    if (!read) return read.error();
    events = *read;
    return core::Ok();
  }));
  EXPECT_EQ(Types(events), (Seq{"presence/one", "jobs/two"}));
  EXPECT_EQ(events[0].payload["n"], "one");
}

// Several PostgreSQL transactions append at once: an append waits until the transaction that
// appended before it has ended, so ids become visible in their order and a reader that has
// seen id N never later finds a smaller one appear. (SQLite has one writer.)
TEST_P(RealtimeTest, AnAppendWaitsForTheTransactionThatAppendedBeforeIt) {
  if (IsSqlite()) GTEST_SKIP() << "one writer: appends are serial by construction";
  std::unique_ptr<store::Database> pool = OpenAnother(4);
  std::promise<void> first_appended;
  std::promise<void> release_first;
  std::shared_future<void> released = release_first.get_future().share();
  int64_t first_id = 0;
  int64_t second_id = 0;
  std::thread first([&] {
    EXPECT_OK(pool->Write([&](store::Connection& c) -> core::Result<void> {
      auto appended = AppendEvent(c, "jobs", "first", {}, At("2026-11-21T12:00:00Z"));
      if (!appended) return appended.error();
      first_id = *appended;
      first_appended.set_value();
      released.wait();  // still uncommitted while the second one tries
      return core::Ok();
    }));
  });
  first_appended.get_future().wait();
  std::thread second([&] { second_id = Append(*pool, "jobs", "second"); });

  // The second append is seen waiting for the first transaction's lock (bounded wait).
  bool waiting = false;
  int64_t visible = -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!waiting && std::chrono::steady_clock::now() < deadline) {
    EXPECT_OK(pool->Read([&](store::Connection& c) -> core::Result<void> {
      auto rows = c.Query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
      if (!rows) return rows.error();
      waiting = (*rows)[0].Int(0) > 0;
      auto events = ReadEventsAfter(c, 0, 10);
      if (!events) return events.error();
      visible = int64_t(events->size());
      return core::Ok();
    }));
  }
  release_first.set_value();
  first.join();
  second.join();
  EXPECT_TRUE(waiting) << "the second append did not wait for the first transaction";
  EXPECT_EQ(visible, 0) << "an event was visible while the first transaction was open";
  EXPECT_LT(first_id, second_id);
}

TEST_P(RealtimeTest, AResumeReadsOnlyItsChannelsBetweenTwoIds) {
  int64_t first = Append(db(), "presence", "a");
  Append(db(), "jobs", "b");
  Append(db(), "user:u1", "c");
  int64_t through = Append(db(), "presence", "d");
  Append(db(), "presence", "after");
  std::vector<Event> events;
  ASSERT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
    auto read = ReadChannelEvents(c, {"presence", "user:u1"}, first, through, 100);
    if (!read) return read.error();
    events = *read;
    return core::Ok();
  }));
  EXPECT_EQ(Types(events), (Seq{"user:u1/c", "presence/d"}));
}

TEST_P(RealtimeTest, PruningDeletesOldEventsAndRecordsHowFar) {
  Append(db(), "presence", "old1", At("2026-11-10T00:00:00Z"));
  int64_t old2 = Append(db(), "presence", "old2", At("2026-11-11T00:00:00Z"));
  Append(db(), "presence", "new", At("2026-11-20T00:00:00Z"));
  int64_t deleted = 0;
  int64_t through = 0;
  ASSERT_OK(db().Write([&](store::Connection& c) -> core::Result<void> {
    auto pruned = PruneEvents(c, At("2026-11-18T00:00:00Z"));
    if (!pruned) return pruned.error();
    deleted = *pruned;
    auto mark = PrunedThrough(c);
    if (!mark) return mark.error();
    through = *mark;
    return core::Ok();
  }));
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(through, old2);
  EXPECT_EQ(Count("events"), 1);
}

TEST_P(RealtimeTest, TheHubHandsOutEventsCommittedAfterTheSubscriptionOnly) {
  Append(db(), "presence", "before");
  Hub hub(db(), metrics_);
  ASSERT_OK(hub.Start());
  Waker waker;
  auto subscription = hub.Subscribe({"presence"}, waker.Callback());
  Append(db(), "jobs", "other-channel");
  Append(db(), "presence", "live");
  ASSERT_TRUE(waker.WaitFor(1));
  bool overflowed = false;
  EXPECT_EQ(Types(subscription->Take(overflowed)), (Seq{"presence/live"}));
  EXPECT_FALSE(overflowed);
  hub.Unsubscribe(subscription);
  hub.Stop();
}

TEST_P(RealtimeTest, AnEventCommittedByAnotherNodeReachesThisNodesSubscribers) {
  if (IsSqlite()) GTEST_SKIP() << "one process owns a SQLite file; nodes share PostgreSQL";
  std::unique_ptr<store::Database> node_b = OpenAnother(2);
  Hub hub(db(), metrics_);
  ASSERT_OK(hub.Start());
  Waker waker;
  auto subscription = hub.Subscribe({"presence"}, waker.Callback());
  Append(*node_b, "presence", "from-b");
  ASSERT_TRUE(waker.WaitFor(1));
  bool overflowed = false;
  EXPECT_EQ(Types(subscription->Take(overflowed)), (Seq{"presence/from-b"}));
  hub.Unsubscribe(subscription);
  hub.Stop();
}

TEST_P(RealtimeTest, ASubscriberThatDoesNotReadIsCutOffAtItsBuffer) {
  HubOptions options;
  options.subscriber_buffer_bytes = 1000;
  Hub hub(db(), metrics_, options);
  ASSERT_OK(hub.Start());
  Waker slow_waker;
  Waker fast_waker;
  auto slow = hub.Subscribe({"presence"}, slow_waker.Callback());
  auto fast = hub.Subscribe({"presence"}, fast_waker.Callback());
  int taken = 0;
  bool overflowed = false;
  for (int i = 0; i < 20; ++i) {
    Append(db(), "presence", "event-" + std::to_string(i));
    ASSERT_TRUE(fast_waker.WaitFor(i + 1));
    taken += int(fast->Take(overflowed).size());
    EXPECT_FALSE(overflowed);
  }
  EXPECT_EQ(taken, 20) << "the reader keeps up whatever the other does";
  slow->Take(overflowed);
  EXPECT_TRUE(overflowed);
  hub.Unsubscribe(slow);
  hub.Unsubscribe(fast);
  hub.Stop();
}

INSTANTIATE_TEST_SUITE_P(Backends, RealtimeTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace sessiond::realtime::testing
