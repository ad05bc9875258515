#include "core/clock.hpp"

#include <cassert>
#include <chrono>
#include <vector>

namespace sessiond::core {

Timestamp SystemClock::Now() const {
  return Timestamp::FromSysTime(
      std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
}

Timestamp SimulatedClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

int SimulatedClock::AddListener(std::function<void()> listener) const {
  std::lock_guard lock(mu_);
  int id = next_listener_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void SimulatedClock::RemoveListener(int id) const {
  std::lock_guard lock(mu_);
  listeners_.erase(id);
}

void SimulatedClock::Advance(Duration d) {
  assert(d >= Duration() && "simulated time never runs backwards");
  {
    std::lock_guard lock(mu_);
    now_ = now_ + d;
  }
  Notify();
}

void SimulatedClock::Set(Timestamp t) {
  {
    std::lock_guard lock(mu_);
    assert(t >= now_ && "simulated time never runs backwards");
    now_ = t;
  }
  Notify();
}

void SimulatedClock::Notify() {
  // Copy so that listeners run without the lock: they typically wake a thread that calls Now().
  std::vector<std::function<void()>> listeners;
  {
    std::lock_guard lock(mu_);
    for (auto& [id, listener] : listeners_) listeners.push_back(listener);
  }
  for (auto& listener : listeners) listener();
}

}  // namespace sessiond::core
