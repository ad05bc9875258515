#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace sessiond::store::detail {

// A blocking multi-producer, multi-consumer FIFO that feeds the store's threads. Close()
// stops new items from entering; consumers still drain what was queued before it, then see
// the end (nullopt / an empty batch). Thread-safe.
template <typename T>
class WorkQueue {
 public:
  // Queues `item` and returns true, or returns false (and leaves `item` untouched) once the
  // queue is closed.
  bool Push(T& item) {
    {
      std::lock_guard lock(mu_);
      if (closed_) return false;
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
    return true;
  }

  // Blocks until an item is queued and takes it; nullopt once closed and drained.
  std::optional<T> Pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  // Blocks until at least one item is queued, then takes everything queued, up to `max`
  // items. Empty once closed and drained. Requires: max >= 1.
  std::vector<T> PopBatch(size_t max) {
    std::vector<T> batch;
    std::unique_lock lock(mu_);
    ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
    size_t n = std::min(max, items_.size());
    batch.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    return batch;
  }

  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    ready_.notify_all();
  }

  size_t size() const {
    std::lock_guard lock(mu_);
    return items_.size();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<T> items_;  // guarded by mu_
  bool closed_ = false;  // guarded by mu_
};

}  // namespace sessiond::store::detail
