#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domains/checkins/checkin.hpp"
#include "store/connection.hpp"

namespace sessiond::checkins {

// The seed's monitoring counts (GET /v1/checkins/stats).
struct CheckinStats {
  int64_t active = 0;
  int64_t expired_but_marked_active = 0;  // stored active, past expiry: the sweep is behind
  int64_t manually_checked_out = 0;
  int64_t total = 0;
  std::optional<double> avg_duration_minutes_7d;  // none when nobody checked in for 7 days
};

// SQL of the checkins table (migration 0004), on either backend. Every function runs inside
// the caller's unit of work.
class CheckinRepository {
 public:
  static core::Result<void> Insert(store::Connection& c, const Checkin& checkin);
  static core::Result<std::optional<Checkin>> Find(store::Connection& c, const core::Uuid& id);
  // The user's check-in stored as active (at most one, by the schema).
  static core::Result<std::optional<Checkin>> FindStoredActive(store::Connection& c,
                                                               const std::string& user_id);
  static core::Result<void> Extend(store::Connection& c, const core::Uuid& id,
                                   core::Timestamp expires_at, const core::Json& metadata);
  // Moves a stored-active check-in to `to`; false when it was not stored active any more.
  static core::Result<bool> End(store::Connection& c, const core::Uuid& id, StoredStatus to,
                                std::optional<core::Timestamp> checked_out_at);

  // Present at `now`, newest check-in first, after the check-in `after` (a cursor) if given.
  // `user_id` limits them to one user.
  static core::Result<std::vector<Checkin>> ListActive(store::Connection& c, core::Timestamp now,
                                                       const std::optional<std::string>& user_id,
                                                       const std::optional<core::Uuid>& after,
                                                       int limit);
  // Stored active and expired at `now`, earliest expiry first.
  static core::Result<std::vector<Checkin>> DueForExpiry(store::Connection& c, core::Timestamp now,
                                                         int limit);
  // The earliest expiry among the stored-active check-ins.
  static core::Result<std::optional<core::Timestamp>> NextExpiry(store::Connection& c);
  static core::Result<CheckinStats> Stats(store::Connection& c, core::Timestamp now);
  // Deletes the ended check-ins that began before `cutoff`. Returns how many.
  static core::Result<int64_t> DeleteEndedBefore(store::Connection& c, core::Timestamp cutoff);
};

}  // namespace sessiond::checkins
