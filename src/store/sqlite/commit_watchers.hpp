#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "store/database.hpp"

namespace sessiond::store::sqlite {

// The callbacks of Database::WatchTopic for a SQLite database, which has no topics: every
// watcher hears of every commit of this process's writer. Thread-safe.
class CommitWatchers {
 public:
  // Registers `on_change`; destroying the handle unregisters it, waiting for a call to it in
  // progress. Requires: the handle is destroyed before this object.
  std::unique_ptr<TopicWatch> Add(std::function<void()> on_change);
  // Calls every registered callback, on the calling thread.
  void Notify();

 private:
  class Watch;
  std::mutex mu_;
  std::map<int, std::function<void()>> watchers_;  // guarded by mu_
  int next_id_ = 0;                                // guarded by mu_
};

}  // namespace sessiond::store::sqlite
