#pragma once

#include <functional>
#include <map>
#include <mutex>

#include "core/timestamp.hpp"

namespace sessiond::core {

// The one source of "now" (DESIGN.md, "Clock"). Production passes SystemClock; tests and
// `sessiond simulate` pass SimulatedClock and move time themselves. Nothing outside core
// reads the system clock. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // True when time moves only when someone advances it; waiters then must not wait on real
  // time but on OnAdvance().
  virtual bool IsSimulated() const { return false; }
  // Registers `listener`, called after every change of simulated time (never for the system
  // clock). Returns an id for RemoveListener. Listeners run on the advancing thread and must
  // not call back into the clock.
  virtual int AddListener(std::function<void()> /*listener*/) const { return 0; }
  virtual void RemoveListener(int /*id*/) const {}
};

// Reads the operating system's realtime clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that stands still until told to move. Thread-safe.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start) : now_(start) {}

  Timestamp Now() const override;
  bool IsSimulated() const override { return true; }
  int AddListener(std::function<void()> listener) const override;
  void RemoveListener(int id) const override;

  // Moves time forward by `d` (or to `t`), then notifies listeners.
  // Requires: d >= 0 and t >= Now(); time never runs backwards.
  void Advance(Duration d);
  void Set(Timestamp t);

 private:
  void Notify();

  mutable std::mutex mu_;
  Timestamp now_;                                     // guarded by mu_
  // Listening does not change the time, so a const Clock& may register listeners.
  mutable std::map<int, std::function<void()>> listeners_;  // guarded by mu_
  mutable int next_listener_id_ = 1;                        // guarded by mu_
};

}  // namespace sessiond::core
