#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.hpp"
#include "core/result.hpp"
#include "realtime/event.hpp"
#include "store/database.hpp"

namespace sessiond::realtime {

struct HubOptions {
  // Events read from the log per query.
  int batch = 1000;
  // A subscriber whose unsent events exceed this many bytes is cut off (it reconnects with
  // its last id and catches up from the log), so that one slow reader never holds memory
  // or slows anyone else.
  size_t subscriber_buffer_bytes = 1 << 20;
  // The log is read at least this often even without a wake-up (another process may have
  // written a SQLite file; a lost notification).
  std::chrono::milliseconds poll_interval{1000};
};

// An event as the hub hands it out: formatted once and shared by every subscriber of its
// channel, so that a thousand streams cost one copy and one serialization per event.
struct LiveEvent {
  Event event;
  std::string frame;  // FormatSse(event)
};
using LiveEventPtr = std::shared_ptr<const LiveEvent>;

// One subscriber's queue: the hub appends the events of its channels; its stream takes them.
// Thread-safe.
class Subscription {
 public:
  Subscription(std::vector<std::string> channels, std::function<void()> wake)
      : channels_(std::move(channels)), wake_(std::move(wake)) {}

  const std::vector<std::string>& channels() const { return channels_; }
  // The log position at subscription: live events are those after it; the ones up to it
  // come from the log (a resume's catch-up).
  int64_t start_id() const { return start_id_; }

  // Takes everything queued. `overflowed` is set once the buffer limit was passed: the
  // subscriber missed events and must be cut off.
  std::vector<LiveEventPtr> Take(bool& overflowed);

 private:
  friend class Hub;
  // Called by the hub with its lock held.
  void Push(const LiveEventPtr& event, size_t limit);

  const std::vector<std::string> channels_;
  const std::function<void()> wake_;
  int64_t start_id_ = 0;  // set once by Hub::Subscribe

  std::mutex mu_;
  std::vector<LiveEventPtr> queue_;  // guarded by mu_
  size_t queued_bytes_ = 0;   // guarded by mu_
  bool overflowed_ = false;   // guarded by mu_
};

// Tails the event log for this node's subscribers (DESIGN.md, "Realtime"): one thread reads
// what was committed after the last event it saw, whoever committed it, and hands each event
// to the subscribers of its channel. It wakes on the store's topic watch (a local commit on
// SQLite; NOTIFY from any node on PostgreSQL) and at least every poll interval.
class Hub {
 public:
  Hub(store::Database& db, core::MetricsRegistry& metrics, HubOptions options = {});
  ~Hub();

  // Starts after the newest event already in the log. Errors: the store's.
  core::Result<void> Start();
  void Stop();

  // Registers a subscriber of `channels`; `wake` is called (from the hub's thread, quickly)
  // when events were queued for it.
  std::shared_ptr<Subscription> Subscribe(std::vector<std::string> channels,
                                          std::function<void()> wake);
  void Unsubscribe(const std::shared_ptr<Subscription>& subscription);

  // Reads the log now rather than at the next wake-up (tests, and after local writes).
  void Poke();
  // The newest event handed out.
  int64_t last_id() const;

 private:
  void Loop();
  // Reads and hands out everything after last_id_. False when the store failed.
  bool Drain();
  // With no subscriber at all, moves last_id_ to the newest event without reading any; true
  // when it did. False when someone listens (or the store failed): Drain() reads then.
  bool SkipWhileNobodyListens();
  // The newest event's id in the log (0 when empty).
  core::Result<int64_t> ReadLatestId();

  // The subscribers gauge of a channel's kind ("presence", "user"...): a label per user
  // would grow without bound.
  core::Gauge& SubscribersGauge(const std::string& channel);

  store::Database& db_;
  core::MetricsRegistry& metrics_;
  HubOptions options_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool poked_ = false;     // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  int64_t last_id_ = 0;    // guarded by mu_
  std::map<std::string, std::set<std::shared_ptr<Subscription>>, std::less<>>
      by_channel_;  // guarded by mu_
  std::thread thread_;
  std::unique_ptr<store::TopicWatch> watch_;
};

}  // namespace sessiond::realtime
