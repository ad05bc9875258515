#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "core/duration.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "core/uuid.hpp"
#include "domains/checkins/checkin.hpp"
#include "domains/checkins/checkin_repository.hpp"
#include "store/connection.hpp"

namespace sessiond::checkins {

// The presence channel, and the per-user mirror a user may follow for their own events.
inline constexpr std::string_view kPresenceChannel = "presence";
std::string UserChannel(const std::string& user_id);

// A check-in request: `ttl` (a duration or seconds) and `metadata` (an object), both optional.
struct CheckinRequest {
  std::optional<core::Duration> ttl;
  std::optional<core::Json> metadata;
};
// Reads a POST /v1/checkins body (null or absent means {}). Errors: 400/422 naming the field;
// kUnprocessable naming "ttl" outside (0, max_ttl].
core::Result<CheckinRequest> ReadCheckinRequest(const core::Json& body, core::Duration max_ttl);

struct CheckinOutcome {
  Checkin checkin;
  bool created = false;  // false: an active check-in was extended (a heartbeat)
};

// The rules of check-ins (DESIGN.md, check-ins family; seed 003). Every change appends its
// presence event (`checkin.started`, `checkin.extended`, `checkin.ended`, `checkin.expired`) in
// the same unit of work, on `presence` and on the user's own channel. Runs inside the
// caller's unit of work; thread-safe (no state besides the id generator).
class CheckinService {
 public:
  CheckinService(const core::Clock& clock, core::Duration default_ttl)
      : clock_(clock), default_ttl_(default_ttl) {}

  // Checks `user_id` in: extends their active check-in to now + TTL, or starts a new one
  // (ending first, as expired, one whose time ran out before the sweep got to it).
  core::Result<CheckinOutcome> CheckIn(store::Connection& c, const std::string& user_id,
                                       const CheckinRequest& request);
  // Ends an active check-in now; a check-in already ended is returned unchanged.
  // Errors: kNotFound when it does not exist or `principal` may not see it.
  core::Result<Checkin> CheckOut(store::Connection& c, const core::Uuid& id,
                                 const auth::Principal& principal);
  // Errors: kNotFound when it does not exist or `principal` may not see it.
  core::Result<Checkin> Get(store::Connection& c, const core::Uuid& id,
                            const auth::Principal& principal);
  // Ends, as expired, up to `limit` check-ins whose expiry is at or before `now`.
  // Returns them (their expiry lateness is the caller's metric).
  core::Result<std::vector<Checkin>> ExpireDue(store::Connection& c, core::Timestamp now,
                                               int limit);

  const core::Clock& clock() const { return clock_; }

 private:
  core::Result<void> Publish(store::Connection& c, std::string_view type, const Checkin& checkin,
                             core::Timestamp now);

  const core::Clock& clock_;
  const core::Duration default_ttl_;
  core::UuidGenerator ids_;
};

// A normal user sees their own check-ins only; the service role sees everyone's.
bool MaySee(const auth::Principal& principal, const Checkin& checkin);

}  // namespace sessiond::checkins
