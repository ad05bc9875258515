#include "http/detail/connection_tracker.hpp"

namespace sessiond::http::detail {

void ConnectionTracker::Add(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mu_);
  live_.emplace(connection.get(), connection);
}

void ConnectionTracker::Remove(const Connection* connection) {
  std::function<void()> on_drained;
  {
    std::lock_guard lock(mu_);
    live_.erase(connection);
    if (!live_.empty() || !on_drained_) return;
    on_drained = std::move(on_drained_);
    on_drained_ = nullptr;
  }
  // Outside the lock: the callback may stop the io_context, which takes its own locks.
  on_drained();
}

std::vector<std::shared_ptr<Connection>> ConnectionTracker::Drain(
    std::function<void()> on_drained) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    live = LiveLocked();
    if (!live_.empty()) {
      on_drained_ = std::move(on_drained);
      return live;
    }
  }
  on_drained();
  return live;
}

std::vector<std::shared_ptr<Connection>> ConnectionTracker::Live() const {
  std::lock_guard lock(mu_);
  return LiveLocked();
}

void ConnectionTracker::Detach() {
  std::lock_guard lock(mu_);
  on_drained_ = nullptr;
}

std::vector<std::shared_ptr<Connection>> ConnectionTracker::LiveLocked() const {
  std::vector<std::shared_ptr<Connection>> live;
  live.reserve(live_.size());
  for (const auto& [key, weak] : live_) {
    if (auto connection = weak.lock()) live.push_back(std::move(connection));
  }
  return live;
}

}  // namespace sessiond::http::detail
