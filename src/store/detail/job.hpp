#pragma once

#include "core/result.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

namespace sessiond::store::detail {

// One queued unit of work and whom to tell about its outcome.
struct Job {
  Work work;
  Done done;
  bool read_only = false;  // for backends that keep reads and writes in one queue
};

// Runs `work` on `connection` and turns anything it throws into a kInternal error. A throw
// from a unit of work is a bug (Row's accessors throw on a corrupt column), but it happens
// on a store thread where nothing could catch it: carried back as an error, it reaches the
// request or scheduler net that owns the work instead of terminating the process.
core::Result<void> RunWork(const Work& work, Connection& connection);

// Calls `done` with `result`. `done` must not throw: it runs on a store thread and a throw
// there terminates the process (noexcept makes that explicit, with the throw on the stack).
void Deliver(const Done& done, core::Result<void> result) noexcept;

// Marks the calling thread as a store thread for as long as the marker lives. The blocking
// calls (Database::Write, Read, Ping) refuse to run on such a thread: they would wait for a
// pool that the waiting thread itself belongs to.
class StoreThreadMarker {
 public:
  StoreThreadMarker();
  ~StoreThreadMarker();
  StoreThreadMarker(const StoreThreadMarker&) = delete;
  StoreThreadMarker& operator=(const StoreThreadMarker&) = delete;
};

bool OnStoreThread();

}  // namespace sessiond::store::detail
