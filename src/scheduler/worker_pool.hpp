#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sessiond::scheduler {

// A fixed set of threads running queued jobs in order of submission. Runs are blocking work
// (tasks call the store, the http task waits on a socket), so they get threads of their own
// and never touch the HTTP I/O threads. Thread-safe.
//
// With no threads, the pool only queues: its owner runs the queue with RunQueuedHere()
// (`simulate` drives the scheduler on one thread).
class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Finishes the queued work, then joins the threads.
  ~WorkerPool();

  void Submit(std::function<void()> work);
  // Work queued or running now.
  int Pending() const;
  // Runs everything queued, and what it queues meanwhile, on the calling thread, oldest first.
  // Requires: a pool of no threads.
  void RunQueuedHere();

 private:
  void Loop();
  // Runs the oldest queued work with the lock released meanwhile. Requires: queue_ not empty.
  void RunFrontLocked(std::unique_lock<std::mutex>& lock);

  mutable std::mutex mu_;
  std::condition_variable available_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  int running_ = 0;                          // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace sessiond::scheduler
