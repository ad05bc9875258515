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

namespace {

// Minutes with two decimals, as the seed's EXTRACT(EPOCH ...) / 60 gives them; 0 unless active.
double MinutesRemaining(const Checkin& checkin, core::Timestamp now, bool active) {
  double minutes = active ? double((checkin.expires_at - now).micros()) / 60e6 : 0.0;
  return std::round(minutes * 100) / 100;
}

}  // namespace

core::Json CheckinToJson(const Checkin& checkin, core::Timestamp now) {
  CheckinStatus status = CheckinStatusAt(checkin, now);
  bool active = status == CheckinStatus::kActive;
  return {{"id", checkin.id.ToString()},
          {"user_id", checkin.user_id},
          {"checked_in_at", checkin.checked_in_at.ToRfc3339()},
          {"expires_at", checkin.expires_at.ToRfc3339()},
          {"checked_out_at",
           checkin.checked_out_at ? core::Json(checkin.checked_out_at->ToRfc3339()) : nullptr},
          {"status", CheckinStatusName(status)},
          {"active", active},
          {"minutes_remaining", MinutesRemaining(checkin, now, active)},
          {"metadata", checkin.metadata}};
}

void WriteCheckinJson(core::JsonWriter& out, const Checkin& checkin, core::Timestamp now) {
  CheckinStatus status = CheckinStatusAt(checkin, now);
  bool active = status == CheckinStatus::kActive;
  // Keys in the order dump() sorts them, so that both texts are the same.
  out.BeginObject();
  out.Key("active");
  out.Bool(active);
  out.Key("checked_in_at");
  out.String(checkin.checked_in_at.ToRfc3339());
  out.Key("checked_out_at");
  if (checkin.checked_out_at) {
    out.String(checkin.checked_out_at->ToRfc3339());
  } else {
    out.Null();
  }
  out.Key("expires_at");
  out.String(checkin.expires_at.ToRfc3339());
  out.Key("id");
  out.String(checkin.id.ToString());
  out.Key("metadata");
  out.Value(checkin.metadata);
  out.Key("minutes_remaining");
  out.Double(MinutesRemaining(checkin, now, active));
  out.Key("status");
  out.String(CheckinStatusName(status));
  out.Key("user_id");
  out.String(checkin.user_id);
  out.EndObject();
}

}  // namespace sessiond::checkins
