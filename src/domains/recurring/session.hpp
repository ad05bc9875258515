#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/civil_time.hpp"
#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace sessiond::recurring {

// The lifecycle of a session (generated from a template, or one-off):
//
//   scheduled --(valid_from reached: Sweeps::Activate)--> active
//   active    --(valid_until reached: Sweeps::Close)----> closed
//   scheduled --(valid_until reached before activation, e.g. the server was down for the
//                whole window: Sweeps::Close)-----------> closed
//   scheduled --(POST /v1/sessions/{id}/cancel, template deleted: Service)--> cancelled
//   active    --(POST /v1/sessions/{id}/cancel: Service)--> cancelled
//
// closed and cancelled are final. What holds in each state:
//   scheduled: activated_at, closed_at, cancelled_at are null.
//   active:    activated_at is set; closed_at and cancelled_at are null.
//   closed:    closed_at is set, cancelled_at null.
//   cancelled: cancelled_at is set, closed_at null.
// In every state valid_from < valid_until. Only scheduled and active sessions may be
// edited (PATCH), which sets `edited` for good: template changes never replace an edited
// occurrence.
enum class SessionStatus { kScheduled, kActive, kClosed, kCancelled };

std::string_view SessionStatusName(SessionStatus status);
std::optional<SessionStatus> ParseSessionStatus(std::string_view text);

// One session as stored.
struct Session {
  core::Uuid id;
  std::optional<core::Uuid> template_id;  // null for a one-off session
  std::string name;
  core::Date scheduled_date;              // local date in `timezone`
  // The occurrence of the template's rule this session is (its RFC 5545 RECURRENCE-ID); it
  // does not change when the session is edited. Null for a one-off session.
  std::optional<core::Timestamp> occurrence_start;
  core::Timestamp valid_from;
  core::Timestamp valid_until;
  std::string timezone;
  SessionStatus status = SessionStatus::kScheduled;
  bool edited = false;
  bool dst_shifted = false;
  std::optional<int64_t> capacity;
  core::Json metadata = core::Json::object();
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::optional<core::Timestamp> activated_at;
  std::optional<core::Timestamp> closed_at;
  std::optional<core::Timestamp> cancelled_at;
};

// True when `session` satisfies its state's invariants (the block above SessionStatus);
// tests and debug builds assert it.
bool CheckInvariants(const Session& session);

core::Json SessionToJson(const Session& session);

}  // namespace sessiond::recurring
