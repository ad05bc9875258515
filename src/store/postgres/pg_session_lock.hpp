#pragma once

#include <string>

#include "store/postgres/pg_handles.hpp"
#include "store/session_lock.hpp"

namespace sessiond::store::postgres {

// pg_try_advisory_lock(key) held on a dedicated libpq connection (see SessionLock).
class PgSessionLock final : public SessionLock {
 public:
  PgSessionLock(std::string url, int64_t key) : url_(std::move(url)), key_(key) {}
  ~PgSessionLock() override { Release(); }

  bool TryHold() override;
  void Release() override;

 private:
  // Runs `sql` and returns its single boolean (or "1") answer; false on any failure, after
  // which the connection is dropped so that the next call starts afresh.
  bool AskBoolean(const std::string& sql);

  std::string url_;
  int64_t key_;
  ConnHandle conn_;
  bool held_ = false;
};

}  // namespace sessiond::store::postgres
