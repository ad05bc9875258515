#include "domains/recurring/session.hpp"

#include <array>

namespace sessiond::recurring {
namespace {

constexpr std::array<std::string_view, 4> kNames = {"scheduled", "active", "closed", "cancelled"};

core::Json OptionalTime(const std::optional<core::Timestamp>& t) {
  return t ? core::Json(t->ToRfc3339()) : core::Json();
}

}  // namespace

std::string_view SessionStatusName(SessionStatus status) { return kNames[size_t(status)]; }

std::optional<SessionStatus> ParseSessionStatus(std::string_view text) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return SessionStatus(i);
  }
  return std::nullopt;
}

bool CheckInvariants(const Session& s) {
  if (s.valid_from >= s.valid_until) return false;
  switch (s.status) {
    case SessionStatus::kScheduled:
      return !s.activated_at && !s.closed_at && !s.cancelled_at;
    case SessionStatus::kActive:
      return s.activated_at && !s.closed_at && !s.cancelled_at;
    case SessionStatus::kClosed:
      return s.closed_at && !s.cancelled_at;
    case SessionStatus::kCancelled:
      return s.cancelled_at && !s.closed_at;
  }
  return false;
}

core::Json SessionToJson(const Session& s) {
  return {{"id", s.id.ToString()},
          {"template_id", s.template_id ? core::Json(s.template_id->ToString()) : core::Json()},
          {"name", s.name},
          {"scheduled_date", s.scheduled_date.ToString()},
          {"occurrence_start", OptionalTime(s.occurrence_start)},
          {"valid_from", s.valid_from.ToRfc3339()},
          {"valid_until", s.valid_until.ToRfc3339()},
          {"timezone", s.timezone},
          {"status", SessionStatusName(s.status)},
          {"edited", s.edited},
          {"dst_shifted", s.dst_shifted},
          {"capacity", s.capacity ? core::Json(*s.capacity) : core::Json()},
          {"metadata", s.metadata},
          {"created_at", s.created_at.ToRfc3339()},
          {"updated_at", s.updated_at.ToRfc3339()},
          {"activated_at", OptionalTime(s.activated_at)},
          {"closed_at", OptionalTime(s.closed_at)},
          {"cancelled_at", OptionalTime(s.cancelled_at)}};
}

}  // namespace sessiond::recurring
