#include "realtime/hub.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "realtime/event_log.hpp"

namespace sessiond::realtime {

std::vector<LiveEventPtr> Subscription::Take(bool& overflowed) {
  std::lock_guard lock(mu_);
  overflowed = overflowed_;
  queued_bytes_ = 0;
  return std::exchange(queue_, {});
}

void Subscription::Push(const LiveEventPtr& event, size_t limit) {
  {
    std::lock_guard lock(mu_);
    if (overflowed_) return;  // cut off already; it catches up from the log when it returns
    queued_bytes_ += event->frame.size();
    if (queued_bytes_ > limit) {
      overflowed_ = true;
      queue_.clear();
    } else {
      queue_.push_back(event);
    }
  }
  wake_();
}

Hub::Hub(store::Database& db, core::MetricsRegistry& metrics, HubOptions options)
    : db_(db), metrics_(metrics), options_(options) {}

Hub::~Hub() { Stop(); }

core::Result<int64_t> Hub::ReadLatestId() {
  int64_t latest = 0;
  core::Result<void> read = db_.Read([&](store::Connection& c) -> core::Result<void> {
    core::Result<int64_t> id = LatestEventId(c);
    if (!id) return id.error();
    latest = *id;
    return core::Ok();
  });
  if (!read) return read.error();
  return latest;
}

core::Result<void> Hub::Start() {
  core::Result<int64_t> latest = ReadLatestId();
  if (!latest) return latest.error();
  {
    std::lock_guard lock(mu_);
    last_id_ = *latest;
  }
  watch_ = db_.WatchTopic(kEventsTopic, [this] { Poke(); });
  thread_ = std::thread([this] { Loop(); });
  return core::Ok();
}

void Hub::Stop() {
  watch_.reset();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Hub::Poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  wake_.notify_one();
}

int64_t Hub::last_id() const {
  std::lock_guard lock(mu_);
  return last_id_;
}

core::Gauge& Hub::SubscribersGauge(const std::string& channel) {
  std::string kind = channel.substr(0, channel.find(':'));
  return metrics_.GetGauge("sessiond_realtime_subscribers",
                           "Realtime subscribers on this node, by channel (user:* as user)",
                           {{"channel", kind}});
}

std::shared_ptr<Subscription> Hub::Subscribe(std::vector<std::string> channels,
                                             std::function<void()> wake) {
  auto subscription = std::make_shared<Subscription>(std::move(channels), std::move(wake));
  std::lock_guard lock(mu_);
  subscription->start_id_ = last_id_;
  for (const std::string& channel : subscription->channels()) {
    by_channel_[channel].insert(subscription);
    SubscribersGauge(channel).Add(1);
  }
  return subscription;
}

void Hub::Unsubscribe(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard lock(mu_);
  for (const std::string& channel : subscription->channels()) {
    auto it = by_channel_.find(channel);
    if (it == by_channel_.end() || it->second.erase(subscription) == 0) continue;
    SubscribersGauge(channel).Add(-1);
    if (it->second.empty()) by_channel_.erase(it);
  }
}

void Hub::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.poll_interval, [this] { return poked_ || stopping_; });
    if (stopping_) break;
    poked_ = false;
    lock.unlock();
    if (!Drain()) {
      // The store is down: the next poll tries again; subscribers keep waiting meanwhile.
      spdlog::debug("realtime: reading the event log failed; retrying at the next poll");
    }
    lock.lock();
  }
}

bool Hub::SkipWhileNobodyListens() {
  {
    std::lock_guard lock(mu_);
    if (!by_channel_.empty()) return false;
  }
  core::Result<int64_t> latest = ReadLatestId();
  if (!latest) return false;
  std::lock_guard lock(mu_);
  // Someone subscribed meanwhile: hand the events out after all.
  if (!by_channel_.empty()) return false;
  last_id_ = std::max(last_id_, *latest);
  return true;
}

bool Hub::Drain() {
  // With no subscriber on this node there is nothing to read the events for: at thousands
  // of check-ins a second, reading and formatting each one would be most of the work.
  if (SkipWhileNobodyListens()) return true;
  for (;;) {
    int64_t after = last_id();
    std::vector<Event> events;
    core::Result<void> read = db_.Read([&](store::Connection& c) -> core::Result<void> {
      core::Result<std::vector<Event>> page = ReadEventsAfter(c, after, options_.batch);
      if (!page) return page.error();
      events = std::move(*page);
      return core::Ok();
    });
    if (!read) return false;
    if (events.empty()) return true;
    int64_t last = events.back().id;
    {
      // Handing out and advancing under one lock: a subscriber registered in between starts
      // exactly after what it was not given.
      std::lock_guard lock(mu_);
      for (Event& event : events) {
        auto it = by_channel_.find(event.channel);
        if (it == by_channel_.end()) continue;
        std::string frame = FormatSse(event);
        auto live = std::make_shared<const LiveEvent>(LiveEvent{std::move(event), std::move(frame)});
        for (const auto& subscription : it->second) {
          subscription->Push(live, options_.subscriber_buffer_bytes);
        }
      }
      last_id_ = last;
    }
    if (events.size() < size_t(options_.batch)) return true;
  }
}

}  // namespace sessiond::realtime
