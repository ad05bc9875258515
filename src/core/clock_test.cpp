#include "core/clock.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

const Timestamp kStart = Timestamp::FromSeconds(1'795'000'000);  // 2026-11-18T11:06:40Z

TEST(SimulatedClock, StandsStillUntilMoved) {
  SimulatedClock clock(kStart);
  EXPECT_TRUE(clock.IsSimulated());
  EXPECT_EQ(clock.Now().ToRfc3339(), "2026-11-18T11:06:40.000Z");
  EXPECT_EQ(clock.Now(), kStart);
  EXPECT_EQ(clock.Now(), kStart);
}

TEST(SimulatedClock, AdvanceMovesTimeForwardByTheDuration) {
  SimulatedClock clock(kStart);
  clock.Advance(Duration::Seconds(90));
  EXPECT_EQ(clock.Now(), kStart + Duration::Seconds(90));
  clock.Advance(Duration::Micros(1));
  EXPECT_EQ(clock.Now() - kStart, Duration::Seconds(90) + Duration::Micros(1));
  clock.Advance(Duration());
  EXPECT_EQ(clock.Now() - kStart, Duration::Seconds(90) + Duration::Micros(1));
}

TEST(SimulatedClock, SetJumpsToTheInstant) {
  SimulatedClock clock(kStart);
  Timestamp later = kStart + Duration::Days(3);
  clock.Set(later);
  EXPECT_EQ(clock.Now(), later);
  clock.Set(later);  // setting the current time again is allowed
  EXPECT_EQ(clock.Now(), later);
}

TEST(SimulatedClock, NotifiesEveryListenerOnEveryChange) {
  SimulatedClock clock(kStart);
  int first = 0;
  int second = 0;
  int id1 = clock.AddListener([&] { ++first; });
  int id2 = clock.AddListener([&] { ++second; });
  EXPECT_NE(id1, id2);
  EXPECT_NE(id1, 0);
  EXPECT_NE(id2, 0);
  EXPECT_EQ(first, 0) << "registering does not notify";

  clock.Advance(Duration::Seconds(1));
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  clock.Set(kStart + Duration::Hours(1));
  EXPECT_EQ(first, 2);
  EXPECT_EQ(second, 2);
}

TEST(SimulatedClock, AWaiterWokenByAListenerSeesTheNewTime) {
  // The intended use: a listener wakes a waiting thread, which then reads Now().
  SimulatedClock clock(kStart);
  std::promise<void> woken;
  std::shared_future<void> wake = woken.get_future().share();
  int id = clock.AddListener([&] { woken.set_value(); });
  Timestamp seen;
  std::thread waiter([&] {
    wake.wait();
    seen = clock.Now();
  });
  clock.Advance(Duration::Minutes(5));
  waiter.join();
  clock.RemoveListener(id);
  EXPECT_EQ(seen, kStart + Duration::Minutes(5));
}

TEST(SimulatedClock, RemovedListenerIsNoLongerNotified) {
  SimulatedClock clock(kStart);
  int removed = 0;
  int kept = 0;
  int id = clock.AddListener([&] { ++removed; });
  clock.AddListener([&] { ++kept; });
  clock.Advance(Duration::Seconds(1));
  clock.RemoveListener(id);
  clock.Advance(Duration::Seconds(1));
  clock.RemoveListener(id);     // removing twice is harmless
  clock.RemoveListener(12345);  // so is an id never handed out
  clock.Advance(Duration::Seconds(1));
  EXPECT_EQ(removed, 1);
  EXPECT_EQ(kept, 3);
}

TEST(SimulatedClock, ConcurrentAdvancesAllTakeEffect) {
  SimulatedClock clock(kStart);
  std::atomic<int> notifications{0};
  clock.AddListener([&] { notifications.fetch_add(1); });
  constexpr int kThreads = 4;
  constexpr int kSteps = 1000;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      Timestamp last = clock.Now();
      for (int step = 0; step < kSteps; ++step) {
        clock.Advance(Duration::Millis(1));
        Timestamp now = clock.Now();
        EXPECT_GT(now, last);  // never backwards, as seen from any one thread
        last = now;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(clock.Now(), kStart + Duration::Millis(kThreads * kSteps));
  EXPECT_EQ(notifications.load(), kThreads * kSteps);
}

TEST(SimulatedClockDeathTest, RefusesToRunBackwards) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  SimulatedClock clock(kStart);
  EXPECT_DEBUG_DEATH(clock.Advance(Duration::Seconds(-1)), "never runs backwards");
  EXPECT_DEBUG_DEATH(clock.Set(kStart - Duration::Micros(1)), "never runs backwards");
}

TEST(SystemClock, IsCloseToRealTime) {
  SystemClock clock;
  EXPECT_FALSE(clock.IsSimulated());
  Timestamp real = Timestamp::FromSysTime(
      std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
  Timestamp now = clock.Now();
  EXPECT_LT(now - real, Duration::Minutes(1));
  EXPECT_GT(now - real, Duration::Minutes(-1));
}

TEST(SystemClock, NeverCallsListeners) {
  std::unique_ptr<Clock> clock = std::make_unique<SystemClock>();
  int calls = 0;
  EXPECT_EQ(clock->AddListener([&] { ++calls; }), 0);
  clock->RemoveListener(0);
  (void)clock->Now();
  EXPECT_EQ(calls, 0);
}

TEST(Clock, SimulatedClockWorksThroughTheInterface) {
  SimulatedClock simulated(kStart);
  Clock& clock = simulated;
  EXPECT_TRUE(clock.IsSimulated());
  int calls = 0;
  int id = clock.AddListener([&] { ++calls; });
  simulated.Advance(Duration::Seconds(1));
  clock.RemoveListener(id);
  simulated.Advance(Duration::Seconds(1));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(clock.Now(), kStart + Duration::Seconds(2));
}

}  // namespace
}  // namespace sessiond::core
