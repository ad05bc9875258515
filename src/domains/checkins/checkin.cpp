#include "domains/checkins/checkin.hpp"

#include <cmath>

namespace sessiond::checkins {

std::string_view StoredStatusName(StoredStatus status) {
  switch (status) {
    case StoredStatus::kActive:
      return "active";
    case StoredStatus::kExpired:
      return "expired";
    case StoredStatus::kInactive:
      return "inactive";
  }
  return "active";
}

std::optional<StoredStatus> ParseStoredStatus(std::string_view text) {
  if (text == "active") return StoredStatus::kActive;
  if (text == "expired") return StoredStatus::kExpired;
  if (text == "inactive") return StoredStatus::kInactive;
  return std::nullopt;
}

std::string_view CheckinStatusName(CheckinStatus status) {
  switch (status) {
    case CheckinStatus::kActive:
      return "active";
    case CheckinStatus::kExpired:
      return "expired";
    case CheckinStatus::kInactive:
      return "inactive";
  }
  return "active";
}

CheckinStatus CheckinStatusAt(const Checkin& checkin, core::Timestamp now) {
  switch (checkin.stored_status) {
    case StoredStatus::kInactive:
      return CheckinStatus::kInactive;
    case StoredStatus::kExpired:
      return CheckinStatus::kExpired;
    case StoredStatus::kActive:
      return checkin.expires_at > now ? CheckinStatus::kActive : CheckinStatus::kExpired;
  }
  return CheckinStatus::kExpired;
}

core::Json CheckinToJson(const Checkin& checkin, core::Timestamp now) {
  CheckinStatus status = CheckinStatusAt(checkin, now);
  bool active = status == CheckinStatus::kActive;
  // Minutes with two decimals, as the seed's EXTRACT(EPOCH ...) / 60 gives them.
  double minutes = active ? double((checkin.expires_at - now).micros()) / 60e6 : 0.0;
  return {{"id", checkin.id.ToString()},
          {"user_id", checkin.user_id},
          {"checked_in_at", checkin.checked_in_at.ToRfc3339()},
          {"expires_at", checkin.expires_at.ToRfc3339()},
          {"checked_out_at",
           checkin.checked_out_at ? core::Json(checkin.checked_out_at->ToRfc3339()) : nullptr},
          {"status", CheckinStatusName(status)},
          {"active", active},
          {"minutes_remaining", std::round(minutes * 100) / 100},
          {"metadata", checkin.metadata}};
}

}  // namespace sessiond::checkins
