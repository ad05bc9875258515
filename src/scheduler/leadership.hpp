#pragma once

#include <string>

namespace sessiond::scheduler {

// Decides whether this node dispatches scheduled occurrences. With several nodes on one
// PostgreSQL database one leads at a time; the (job, scheduled_for) uniqueness keeps every
// occurrence exactly once even while two nodes briefly both believe they lead.
class Leadership {
 public:
  virtual ~Leadership() = default;
  // Tries to become, or checks that this node still is, the leader. Called by the scheduler
  // loop every refresh interval (and so bounds how fast a new leader takes over). May block
  // briefly on the database; never called on an I/O thread.
  virtual bool Check() = 0;
  // Gives leadership up (on stop), so another node can take over at once.
  virtual void Release() = 0;
};

// One node, one database (SQLite, or a single PostgreSQL node): always the leader.
class SingleNodeLeadership final : public Leadership {
 public:
  bool Check() override { return true; }
  void Release() override {}
};

}  // namespace sessiond::scheduler
