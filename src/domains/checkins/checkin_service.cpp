#include "domains/checkins/checkin_service.hpp"

#include "realtime/event_log.hpp"

namespace sessiond::checkins {

std::string UserChannel(const std::string& user_id) { return "user:" + user_id; }

bool MaySee(const auth::Principal& principal, const Checkin& checkin) {
  return principal.IsService() || principal.subject == checkin.user_id;
}

core::Result<CheckinRequest> ReadCheckinRequest(const core::Json& body, core::Duration max_ttl) {
  if (body.is_null()) return CheckinRequest{};
  core::ObjectReader reader(body, "");
  CheckinRequest request;
  request.ttl = reader.OptionalDuration("ttl");
  request.metadata = reader.OptionalObject("metadata");
  if (std::optional<core::Error> error = reader.Finish()) return *error;
  if (request.ttl && (*request.ttl <= core::Duration() || *request.ttl > max_ttl)) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, "ttl",
                              "ttl must be above zero and at most " + max_ttl.ToString(),
                              request.ttl->ToString());
  }
  return request;
}

core::Result<void> CheckinService::Publish(store::Connection& c, std::string_view type,
                                           const Checkin& checkin, core::Timestamp now) {
  // Serialized once for both channels, straight to text: on the writer's thread, at
  // thousands of check-ins a second, building a JSON object and dumping it twice showed.
  std::string payload;
  core::JsonWriter out(payload);
  WriteCheckinJson(out, checkin, now);
  core::Result<int64_t> appended =
      realtime::AppendEventText(c, kPresenceChannel, type, payload, now);
  if (!appended) return appended.error();
  appended = realtime::AppendEventText(c, UserChannel(checkin.user_id), type, std::move(payload),
                                       now);
  if (!appended) return appended.error();
  return core::Ok();
}

core::Result<CheckinOutcome> CheckinService::CheckIn(store::Connection& c,
                                                     const std::string& user_id,
                                                     const CheckinRequest& request) {
  core::Timestamp now = clock_.Now();
  core::Timestamp expires_at = now + request.ttl.value_or(default_ttl_);
  core::Result<std::optional<Checkin>> current = CheckinRepository::FindStoredActive(c, user_id);
  if (!current) return current.error();

  if (*current && (*current)->expires_at > now) {
    // A heartbeat: the same check-in, present for another TTL from now.
    Checkin extended = **current;
    extended.expires_at = std::max(extended.expires_at, expires_at);
    if (request.metadata) extended.metadata = *request.metadata;
    if (auto done = CheckinRepository::Extend(c, extended.id, extended.expires_at,
                                              extended.metadata);
        !done) {
      return done.error();
    }
    if (auto published = Publish(c, "checkin.extended", extended, now); !published) {
      return published.error();
    }
    return CheckinOutcome{extended, false};
  }
  if (*current) {
    // Its time ran out before the sweep ended it: end it now, with its event, first.
    Checkin expired = **current;
    expired.stored_status = StoredStatus::kExpired;
    if (auto ended = CheckinRepository::End(c, expired.id, StoredStatus::kExpired, std::nullopt);
        !ended) {
      return ended.error();
    }
    if (auto published = Publish(c, "checkin.expired", expired, now); !published) {
      return published.error();
    }
  }
  Checkin checkin;
  checkin.id = ids_.NewV7(now);
  checkin.user_id = user_id;
  checkin.checked_in_at = now;
  checkin.expires_at = expires_at;
  checkin.metadata = request.metadata.value_or(core::Json::object());
  if (auto inserted = CheckinRepository::Insert(c, checkin); !inserted) return inserted.error();
  if (auto published = Publish(c, "checkin.started", checkin, now); !published) {
    return published.error();
  }
  return CheckinOutcome{checkin, true};
}

core::Result<Checkin> CheckinService::Get(store::Connection& c, const core::Uuid& id,
                                          const auth::Principal& principal) {
  core::Result<std::optional<Checkin>> found = CheckinRepository::Find(c, id);
  if (!found) return found.error();
  // Someone else's check-in is as absent as a missing one: existence is not revealed.
  if (!*found || !MaySee(principal, **found)) {
    return core::Error::NotFound("no check-in " + id.ToString());
  }
  return **found;
}

core::Result<Checkin> CheckinService::CheckOut(store::Connection& c, const core::Uuid& id,
                                               const auth::Principal& principal) {
  core::Result<Checkin> checkin = Get(c, id, principal);
  if (!checkin) return checkin.error();
  core::Timestamp now = clock_.Now();
  if (checkin->stored_status != StoredStatus::kActive) return *checkin;  // ended already
  if (checkin->expires_at <= now) {
    // Too late to check out: it expired, which the sweep has not recorded yet.
    if (auto ended = CheckinRepository::End(c, id, StoredStatus::kExpired, std::nullopt); !ended) {
      return ended.error();
    }
    checkin->stored_status = StoredStatus::kExpired;
    if (auto published = Publish(c, "checkin.expired", *checkin, now); !published) {
      return published.error();
    }
    return *checkin;
  }
  if (auto ended = CheckinRepository::End(c, id, StoredStatus::kInactive, now); !ended) {
    return ended.error();
  }
  checkin->stored_status = StoredStatus::kInactive;
  checkin->checked_out_at = now;
  if (auto published = Publish(c, "checkin.ended", *checkin, now); !published) {
    return published.error();
  }
  return *checkin;
}

core::Result<std::vector<Checkin>> CheckinService::ExpireDue(store::Connection& c,
                                                             core::Timestamp now, int limit) {
  core::Result<std::vector<Checkin>> due = CheckinRepository::DueForExpiry(c, now, limit);
  if (!due) return due.error();
  for (Checkin& checkin : *due) {
    core::Result<bool> ended = CheckinRepository::End(c, checkin.id, StoredStatus::kExpired,
                                                      std::nullopt);
    if (!ended) return ended.error();
    checkin.stored_status = StoredStatus::kExpired;
    if (auto published = Publish(c, "checkin.expired", checkin, now); !published) {
      return published.error();
    }
  }
  return due;
}

}  // namespace sessiond::checkins
