#pragma once

#include <cstdint>

namespace sessiond::store {

// A lock that one database session holds for as long as the session lives, for electing one
// leader among nodes (DESIGN.md, "Growing past one machine"). With PostgreSQL it is a
// session-level advisory lock on a connection of its own: when the holder dies, or loses its
// connection, the server releases the lock and another node can take it. With SQLite there is
// one node, and the lock is always held. Not thread-safe: one owner (the scheduler loop).
class SessionLock {
 public:
  virtual ~SessionLock() = default;
  // Takes the lock if it is free, or checks that this session still holds it (the connection
  // is alive). False when another session holds it or the database cannot be reached; the
  // next call tries again (reconnecting if needed). May block for a connection attempt.
  virtual bool TryHold() = 0;
  // Lets go of the lock so another node can take it at once.
  virtual void Release() = 0;
};

// The SQLite (single node) lock: always held.
class AlwaysHeldLock final : public SessionLock {
 public:
  bool TryHold() override { return true; }
  void Release() override {}
};

}  // namespace sessiond::store
