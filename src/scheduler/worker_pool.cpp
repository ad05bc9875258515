#include "scheduler/worker_pool.hpp"

#include <cassert>

namespace sessiond::scheduler {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  available_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::Submit(std::function<void()> work) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(work));
  }
  available_.notify_one();
}

int WorkerPool::Pending() const {
  std::lock_guard lock(mu_);
  return int(queue_.size()) + running_;
}

void WorkerPool::RunQueuedHere() {
  assert(threads_.empty() && "a pool with threads runs its queue itself");
  std::unique_lock lock(mu_);
  while (!queue_.empty()) RunFrontLocked(lock);
}

void WorkerPool::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    available_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to do
    RunFrontLocked(lock);
  }
}

void WorkerPool::RunFrontLocked(std::unique_lock<std::mutex>& lock) {
  std::function<void()> work = std::move(queue_.front());
  queue_.pop_front();
  ++running_;
  lock.unlock();
  work();
  lock.lock();
  --running_;
}

}  // namespace sessiond::scheduler
