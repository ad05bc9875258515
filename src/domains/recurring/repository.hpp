#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domains/recurring/session.hpp"
#include "domains/recurring/session_template.hpp"
#include "store/connection.hpp"

namespace sessiond::recurring {

// GET /v1/sessions filters; every field optional.
struct SessionQuery {
  std::optional<core::Timestamp> from;  // valid_from >= from
  std::optional<core::Timestamp> to;    // valid_from < to
  std::optional<SessionStatus> status;
  std::optional<core::Uuid> template_id;
  int limit = 100;
  // Resume after this (valid_from, id), from the previous page's last item.
  std::optional<std::pair<core::Timestamp, core::Uuid>> after;
};

// One line of a template's generation log.
struct LogEntry {
  core::Uuid id;
  core::Uuid template_id;
  std::optional<core::Uuid> session_id;  // null once the session was replaced by a template edit
  core::Date scheduled_date;
  core::Timestamp valid_from;
  std::string trigger;
  core::Timestamp created_at;
};

// A session a sweep changed.
struct Changed {
  core::Uuid id;
  core::Timestamp due;  // its valid_from (activation) or valid_until (closing)
  std::optional<core::Uuid> template_id;
};

// The SQL of the recurring family, once, for both backends. Stateless; every function runs
// inside the caller's unit of work. Errors: the store's (kConflict on a uniqueness
// violation), kNotFound where a lookup by id finds nothing.
class Repository {
 public:
  static core::Result<void> InsertTemplate(store::Connection& c, const SessionTemplate& t);
  static core::Result<void> UpdateTemplate(store::Connection& c, const SessionTemplate& t);
  static core::Result<SessionTemplate> GetTemplate(store::Connection& c, const core::Uuid& id);
  // Templates not deleted, by id, after `after`, at most `limit`.
  static core::Result<std::vector<SessionTemplate>> ListTemplates(
      store::Connection& c, int limit, const std::optional<core::Uuid>& after);
  static core::Result<std::vector<SessionTemplate>> ActiveTemplates(store::Connection& c);
  static core::Result<TemplateStats> Stats(store::Connection& c, const core::Uuid& template_id);

  // Inserts a generated session unless its occurrence or date already holds one: true when
  // inserted.
  static core::Result<bool> InsertOccurrence(store::Connection& c, const Session& s);
  // The same for many sessions at once (a few statements instead of one per row); returns
  // the ids of those inserted.
  static core::Result<std::set<core::Uuid>> InsertOccurrences(store::Connection& c,
                                                              const std::vector<Session>& sessions);
  static core::Result<void> InsertSession(store::Connection& c, const Session& s);
  static core::Result<void> UpdateSession(store::Connection& c, const Session& s);
  static core::Result<Session> GetSession(store::Connection& c, const core::Uuid& id);
  static core::Result<std::vector<Session>> ListSessions(store::Connection& c, const SessionQuery& q);
  // The dates in [from, to] that hold a session of the template, in any state.
  static core::Result<std::set<core::Date>> TakenDates(store::Connection& c, const core::Uuid& template_id,
                                                       core::Date from, core::Date to);
  // Deletes the template's sessions a series change replaces: scheduled, never edited, starting
  // after `now`. Returns how many.
  static core::Result<int64_t> DeleteReplaceable(store::Connection& c, const core::Uuid& template_id,
                                                 core::Timestamp now);
  // Cancels the template's scheduled sessions starting after `now`; returns their ids.
  static core::Result<std::vector<core::Uuid>> CancelFuture(store::Connection& c,
                                                            const core::Uuid& template_id,
                                                            core::Timestamp now);

  static core::Result<void> InsertLog(store::Connection& c, const LogEntry& entry);
  static core::Result<void> InsertLogs(store::Connection& c, const std::vector<LogEntry>& entries);
  static core::Result<std::vector<LogEntry>> ListLog(store::Connection& c, const core::Uuid& template_id,
                                                     int limit, const std::optional<core::Uuid>& before);

  // scheduled -> active for sessions with valid_from <= now < valid_until.
  static core::Result<std::vector<Changed>> ActivateDue(store::Connection& c, core::Timestamp now);
  // scheduled or active -> closed for sessions with valid_until <= now.
  static core::Result<std::vector<Changed>> CloseDue(store::Connection& c, core::Timestamp now);
  // The earliest valid_from of a scheduled session and valid_until of an open one.
  // (Only sessions still open at `now`: one whose window passed is the closing sweep's.)
  static core::Result<std::optional<core::Timestamp>> NextActivation(store::Connection& c,
                                                                     core::Timestamp now);
  static core::Result<std::optional<core::Timestamp>> NextClosing(store::Connection& c);
};

}  // namespace sessiond::recurring
