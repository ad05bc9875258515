#include "domains/recurring/service.hpp"

#include <cassert>

#include "domains/recurring/events.hpp"

namespace sessiond::recurring {
namespace {

core::Error Invalid(std::string_view field, std::string message, std::string_view token = {}) {
  return core::Error::Field(core::ErrorCode::kUnprocessable, field, std::move(message), token);
}

// The fields of a session a body may set; absent ones keep `s`'s values.
core::Result<void> ApplySessionBody(const core::Json& body, bool creating, Session& s) {
  if (!body.is_object()) return core::Error::BadRequest("the body must be a JSON object");
  core::ObjectReader in(body);
  std::optional<std::string> name = creating ? in.RequiredString("name") : in.OptionalString("name");
  std::optional<core::Timestamp> from = in.OptionalTimestamp("valid_from");
  std::optional<core::Timestamp> until = in.OptionalTimestamp("valid_until");
  std::optional<std::string> timezone = creating ? in.OptionalString("timezone") : std::nullopt;
  std::optional<core::Json> capacity = body.contains("capacity") ? std::optional<core::Json>(body["capacity"]) : std::nullopt;
  (void)in.OptionalAny("capacity");
  std::optional<core::Json> metadata = in.OptionalObject("metadata");
  if (auto error = in.Finish()) return *error;
  if (creating && !from) return Invalid("valid_from", "valid_from is required");
  if (creating && !until) return Invalid("valid_until", "valid_until is required");
  if (name) {
    if (name->empty() || name->size() > 200) return Invalid("name", "name is 1 to 200 characters");
    s.name = *name;
  }
  if (from) s.valid_from = *from;
  if (until) s.valid_until = *until;
  if (s.valid_until <= s.valid_from) {
    return Invalid(until ? "valid_until" : "valid_from", "valid_until must be after valid_from");
  }
  if (creating) {
    core::Result<core::TimeZone> zone = core::TimeZone::Find(timezone.value_or("UTC"));
    if (!zone) return Invalid("timezone", "unknown time zone", timezone.value_or(""));
    s.timezone = zone->name();
    s.scheduled_date = zone->ToLocal(s.valid_from).date;
  }
  if (capacity) {
    if (capacity->is_null()) {
      s.capacity.reset();
    } else if (!capacity->is_number_integer()) {
      return core::Error::Field(core::ErrorCode::kBadRequest, "capacity", "capacity must be an integer");
    } else if (capacity->get<int64_t>() < 0 || capacity->get<int64_t>() > 1'000'000'000) {
      return Invalid("capacity", "capacity must be from 0 to 1000000000");
    } else {
      s.capacity = capacity->get<int64_t>();
    }
  }
  if (metadata) s.metadata = *metadata;
  return core::Ok();
}

bool IsOpen(SessionStatus status) {
  return status == SessionStatus::kScheduled || status == SessionStatus::kActive;
}

}  // namespace

core::Result<SessionTemplate> Service::CreateTemplate(store::Connection& c, const core::Json& body) {
  core::Timestamp now = clock_.Now();
  SessionTemplate t;
  if (core::Result<void> applied = ApplyTemplateBody(body, true, now, t); !applied) return applied.error();
  t.id = ids_.NewV7(now);
  t.created_at = now;
  t.updated_at = now;
  if (core::Result<void> inserted = Repository::InsertTemplate(c, t); !inserted) return inserted.error();
  if (t.status == TemplateStatus::kActive) {
    core::Result<Generated> generated = GenerateSessions(c, t, now, kDefaultDaysAhead, "template_created", ids_);
    if (!generated) return generated.error();
  }
  return t;
}

core::Result<void> Service::ReplaceFuture(store::Connection& c, const SessionTemplate& before,
                                          const SessionTemplate& after, core::Timestamp now) {
  // The horizon already generated is kept: a month generated ahead stays a month.
  core::Result<TemplateStats> stats = Repository::Stats(c, after.id);
  if (!stats) return stats.error();
  core::Result<core::TimeZone> zone = core::TimeZone::Find(after.timezone);
  if (!zone) return Invalid("timezone", "unknown time zone", after.timezone);
  core::Date today = zone->ToLocal(now).date;
  int days_ahead = kDefaultDaysAhead;
  if (stats->latest && *stats->latest > today.AddDays(days_ahead)) {
    days_ahead = int((stats->latest->ToSysDays() - today.ToSysDays()).count());
  }
  if (!before.SameSeriesAs(after)) {
    core::Result<int64_t> removed = Repository::DeleteReplaceable(c, after.id, now);
    if (!removed) return removed.error();
  } else {
    core::Result<int64_t> renamed = c.Execute(
        "UPDATE recurring_sessions SET name = ?, capacity = ?, metadata = ?, updated_at = ? "
        "WHERE template_id = ? AND status = 'scheduled' AND edited = ? AND valid_from > ?",
        {after.name, after.capacity, store::AsJson(after.metadata), now, after.id, false, now});
    if (!renamed) return renamed.error();
  }
  if (after.status != TemplateStatus::kActive) return core::Ok();
  core::Result<Generated> generated =
      GenerateSessions(c, after, now, std::min(days_ahead, kMaxDaysAhead), "template_changed", ids_);
  if (!generated) return generated.error();
  return core::Ok();
}

core::Result<SessionTemplate> Service::UpdateTemplate(store::Connection& c, const core::Uuid& id,
                                                      const core::Json& body) {
  core::Timestamp now = clock_.Now();
  core::Result<SessionTemplate> before = Repository::GetTemplate(c, id);
  if (!before) return before.error();
  if (before->status == TemplateStatus::kDeleted) return core::Error::Conflict("the template is deleted");
  SessionTemplate after = *before;
  if (core::Result<void> applied = ApplyTemplateBody(body, false, now, after); !applied) return applied.error();
  after.updated_at = now;
  if (core::Result<void> updated = Repository::UpdateTemplate(c, after); !updated) return updated.error();
  if (core::Result<void> replaced = ReplaceFuture(c, *before, after, now); !replaced) return replaced.error();
  return after;
}

core::Result<void> Service::DeleteTemplate(store::Connection& c, const core::Uuid& id) {
  core::Timestamp now = clock_.Now();
  core::Result<SessionTemplate> t = Repository::GetTemplate(c, id);
  if (!t) return t.error();
  if (t->status == TemplateStatus::kDeleted) return core::Ok();
  t->status = TemplateStatus::kDeleted;
  t->updated_at = now;
  if (core::Result<void> updated = Repository::UpdateTemplate(c, *t); !updated) return updated.error();
  core::Result<std::vector<core::Uuid>> cancelled = Repository::CancelFuture(c, id, now);
  if (!cancelled) return cancelled.error();
  for (const core::Uuid& session : *cancelled) {
    core::Result<void> published = PublishChange(
        c, "session.cancelled", {{"id", session.ToString()}, {"template_id", id.ToString()}}, now);
    if (!published) return published.error();
  }
  return core::Ok();
}

core::Result<Generated> Service::Generate(store::Connection& c, const core::Uuid& id, int days_ahead,
                                          std::string_view trigger) {
  core::Result<SessionTemplate> t = Repository::GetTemplate(c, id);
  if (!t) return t.error();
  if (t->status != TemplateStatus::kActive) {
    return core::Error::Conflict(std::string("the template is ") +
                                 std::string(TemplateStatusName(t->status)) + " and generates nothing");
  }
  return GenerateSessions(c, *t, clock_.Now(), days_ahead, trigger, ids_);
}

core::Result<Session> Service::CreateSession(store::Connection& c, const core::Json& body) {
  core::Timestamp now = clock_.Now();
  Session s;
  if (core::Result<void> applied = ApplySessionBody(body, true, s); !applied) return applied.error();
  if (s.valid_until <= now) return Invalid("valid_until", "valid_until is in the past");
  s.id = ids_.NewV7(now);
  s.created_at = now;
  s.updated_at = now;
  assert(CheckInvariants(s));
  if (core::Result<void> inserted = Repository::InsertSession(c, s); !inserted) return inserted.error();
  if (core::Result<void> published = PublishSession(c, "session.created", s, now); !published) {
    return published.error();
  }
  return s;
}

core::Result<Session> Service::PatchSession(store::Connection& c, const core::Uuid& id,
                                            const core::Json& body) {
  core::Timestamp now = clock_.Now();
  core::Result<Session> s = Repository::GetSession(c, id);
  if (!s) return s.error();
  if (!IsOpen(s->status)) {
    return core::Error::Conflict(std::string("a ") + std::string(SessionStatusName(s->status)) +
                                 " session cannot be changed");
  }
  if (core::Result<void> applied = ApplySessionBody(body, false, *s); !applied) return applied.error();
  s->edited = true;
  s->updated_at = now;
  assert(CheckInvariants(*s));
  if (core::Result<void> updated = Repository::UpdateSession(c, *s); !updated) return updated.error();
  if (core::Result<void> published = PublishSession(c, "session.edited", *s, now); !published) {
    return published.error();
  }
  return s;
}

core::Result<Session> Service::CancelSession(store::Connection& c, const core::Uuid& id) {
  core::Timestamp now = clock_.Now();
  core::Result<Session> s = Repository::GetSession(c, id);
  if (!s) return s.error();
  if (s->status == SessionStatus::kCancelled) return s;
  if (!IsOpen(s->status)) return core::Error::Conflict("a closed session cannot be cancelled");
  s->status = SessionStatus::kCancelled;
  s->cancelled_at = now;
  s->updated_at = now;
  assert(CheckInvariants(*s));
  if (core::Result<void> updated = Repository::UpdateSession(c, *s); !updated) return updated.error();
  if (core::Result<void> published = PublishSession(c, "session.cancelled", *s, now); !published) {
    return published.error();
  }
  return s;
}

}  // namespace sessiond::recurring
