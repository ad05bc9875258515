#pragma once

#include <chrono>
#include <thread>

namespace sessiond::testing {

// Re-checks `condition` until it holds or `bound` passes. For outside events with no signal
// to wait on (a database coming back, a run finishing in another process); each check is a
// request, not a sleep standing in for elapsed time.
template <typename F>
bool Eventually(F condition, std::chrono::milliseconds bound = std::chrono::seconds(30)) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::yield();
  }
  return condition();
}

}  // namespace sessiond::testing
