#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace sessiond::http::detail {

class Connection;

// The live connections of a server, so that a stop can reach them and learn when the last
// one has gone. Holds them weakly: each connection's coroutine owns it. Thread-safe.
//
// States: serving (stopping() false) -> stopping (MarkStopping: connections close after
// their current response) -> draining (Drain: `on_drained` runs once no connection is left)
// -> detached (Detach: the callback is dropped; the io_context it stops is going away).
class ConnectionTracker {
 public:
  void Add(const std::shared_ptr<Connection>& connection);
  // Called once per connection as its coroutine ends; may run `on_drained`.
  void Remove(const Connection* connection);

  void MarkStopping() { stopping_.store(true, std::memory_order_release); }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  // Arranges for `on_drained` to run (once, on the thread removing the last connection, or
  // here and now if there is none) and returns the connections alive at this moment.
  std::vector<std::shared_ptr<Connection>> Drain(std::function<void()> on_drained);
  // The connections alive at this moment.
  std::vector<std::shared_ptr<Connection>> Live() const;
  void Detach();

 private:
  std::vector<std::shared_ptr<Connection>> LiveLocked() const;

  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> live_;  // guarded by mu_
  std::function<void()> on_drained_;                                       // guarded by mu_
};

}  // namespace sessiond::http::detail
