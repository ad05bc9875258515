#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/json_writer.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace sessiond::checkins {

// What the store decided about a check-in. Presence is also computed against the clock at
// read time (CheckinStatusAt), so a stored kActive past its expiry reads as expired even
// before the expiry sweep has run (the seed's guarantee, kept when the process was down):
//
//   kActive --(expires_at reached: expiry sweep, or the user's next check-in)--> kExpired
//   kActive --(POST /v1/checkins/{id}/checkout)-------------------------------> kInactive
//   kActive --(check in again while active: expires_at moves to now + TTL)----> kActive
//
// kExpired and kInactive are final.
enum class StoredStatus { kActive, kExpired, kInactive };

// What clients see: `active` (true only here), `expired` or `inactive`.
enum class CheckinStatus { kActive, kExpired, kInactive };

std::string_view StoredStatusName(StoredStatus status);
std::optional<StoredStatus> ParseStoredStatus(std::string_view text);
std::string_view CheckinStatusName(CheckinStatus status);

struct Checkin {
  core::Uuid id;
  std::string user_id;  // the JWT `sub` of who checked in
  core::Timestamp checked_in_at;
  core::Timestamp expires_at;
  StoredStatus stored_status = StoredStatus::kActive;
  std::optional<core::Timestamp> checked_out_at;
  core::Json metadata = core::Json::object();
};

// The status clients see at `now`.
CheckinStatus CheckinStatusAt(const Checkin& checkin, core::Timestamp now);

// The check-in as the API returns it (and every presence event carries): id, user_id,
// checked_in_at, expires_at, checked_out_at, status, active, minutes_remaining (0 unless
// active), metadata.
core::Json CheckinToJson(const Checkin& checkin, core::Timestamp now);
// The same object written straight to text, for long lists (GET /v1/checkins/active).
void WriteCheckinJson(core::JsonWriter& out, const Checkin& checkin, core::Timestamp now);

}  // namespace sessiond::checkins
