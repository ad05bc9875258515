#include "domains/recurring/repository.hpp"

#include <algorithm>
#include <iterator>

namespace sessiond::recurring {
namespace {

using store::Row;
using store::Value;

constexpr const char* kTemplateColumns =
    "id, name, description, timezone, rule, exdates, start_time, end_time, end_next_day, "
    "duration_s, starts_on, ends_on, capacity, metadata, status, created_at, updated_at";
constexpr const char* kSessionColumns =
    "id, template_id, name, scheduled_date, occurrence_start, valid_from, valid_until, timezone, "
    "status, edited, dst_shifted, capacity, metadata, created_at, updated_at, activated_at, "
    "closed_at, cancelled_at";

std::optional<core::Timestamp> OptTime(const Row& r, size_t col) {
  return r.IsNull(col) ? std::nullopt : std::optional<core::Timestamp>(r.Time(col));
}

core::Result<SessionTemplate> ReadTemplate(const Row& r) {
  SessionTemplate t;
  t.id = r.Id(0);
  t.name = r.Text(1);
  t.description = r.Text(2);
  t.timezone = r.Text(3);
  core::Result<Rule> rule = Rule::Parse(r.Text(4));
  if (!rule) return core::Error::Internal("stored rule does not parse: " + rule.error().message);
  t.rule = *rule;
  for (const core::Json& d : r.Json(5)) {
    core::Result<core::Date> date = core::Date::Parse(d.get<std::string>());
    if (!date) return core::Error::Internal("stored exdate does not parse");
    t.exdates.push_back(*date);
  }
  core::Result<TimeOfDay> start = TimeOfDay::Parse(r.Text(6), "start_time");
  if (!start) return core::Error::Internal("stored start_time does not parse");
  t.start_time = *start;
  if (!r.IsNull(7)) {
    core::Result<TimeOfDay> end = TimeOfDay::Parse(r.Text(7), "end_time");
    if (!end) return core::Error::Internal("stored end_time does not parse");
    t.length.end_time = *end;
  }
  t.length.end_next_day = r.Bool(8);
  if (!r.IsNull(9)) t.length.duration = core::Duration::Seconds(r.Int(9));
  t.starts_on = r.Day(10);
  if (!r.IsNull(11)) t.ends_on = r.Day(11);
  if (!r.IsNull(12)) t.capacity = r.Int(12);
  t.metadata = r.Json(13);
  t.status = ParseTemplateStatus(r.Text(14)).value_or(TemplateStatus::kPaused);
  t.created_at = r.Time(15);
  t.updated_at = r.Time(16);
  return t;
}

Session ReadSession(const Row& r) {
  Session s;
  s.id = r.Id(0);
  if (!r.IsNull(1)) s.template_id = r.Id(1);
  s.name = r.Text(2);
  s.scheduled_date = r.Day(3);
  s.occurrence_start = OptTime(r, 4);
  s.valid_from = r.Time(5);
  s.valid_until = r.Time(6);
  s.timezone = r.Text(7);
  s.status = ParseSessionStatus(r.Text(8)).value_or(SessionStatus::kCancelled);
  s.edited = r.Bool(9);
  s.dst_shifted = r.Bool(10);
  if (!r.IsNull(11)) s.capacity = r.Int(11);
  s.metadata = r.Json(12);
  s.created_at = r.Time(13);
  s.updated_at = r.Time(14);
  s.activated_at = OptTime(r, 15);
  s.closed_at = OptTime(r, 16);
  s.cancelled_at = OptTime(r, 17);
  return s;
}

store::Params TemplateParams(const SessionTemplate& t) {
  core::Json exdates = core::Json::array();
  for (const core::Date& d : t.exdates) exdates.push_back(d.ToString());
  std::optional<int64_t> duration;
  if (t.length.duration) duration = t.length.duration->seconds();
  std::optional<std::string> end_time;
  if (t.length.end_time) end_time = t.length.end_time->ToString();
  return {t.id, t.name, t.description, t.timezone, t.rule.ToString(), store::AsJson(exdates),
          t.start_time.ToString(), end_time, t.length.end_next_day, duration, t.starts_on,
          t.ends_on, t.capacity, store::AsJson(t.metadata),
          std::string(TemplateStatusName(t.status)), t.created_at, t.updated_at};
}

store::Params SessionParams(const Session& s) {
  return {s.id, s.template_id, s.name, s.scheduled_date, s.occurrence_start, s.valid_from,
          s.valid_until, s.timezone, std::string(SessionStatusName(s.status)), s.edited,
          s.dst_shifted, s.capacity, store::AsJson(s.metadata), s.created_at, s.updated_at,
          s.activated_at, s.closed_at, s.cancelled_at};
}

constexpr const char* kSessionRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const std::string kInsertSession =
    std::string("INSERT INTO recurring_sessions (") + kSessionColumns + ") VALUES " + kSessionRow;
constexpr const char* kLogColumns =
    "id, template_id, session_id, scheduled_date, valid_from, trigger, created_at";
constexpr const char* kLogRow = "(?, ?, ?, ?, ?, ?, ?)";
// Rows per multi-row INSERT: 18 parameters a row stays far below SQLite's 32,766, and the
// few statement texts (one per batch size up to this) stay in each connection's cache.
constexpr size_t kBatchRows = 64;

std::string Rows(const char* head, const char* row, size_t n) {
  std::string sql = head;
  for (size_t i = 0; i < n; ++i) {
    if (i) sql += ", ";
    sql += row;
  }
  return sql;
}

store::Params LogParams(const LogEntry& e) {
  return {e.id, e.template_id, e.session_id, e.scheduled_date, e.valid_from, e.trigger, e.created_at};
}

core::Result<std::vector<Changed>> ReadChanged(core::Result<store::Rows> rows) {
  if (!rows) return rows.error();
  std::vector<Changed> out;
  out.reserve(rows->size());
  for (Row r : *rows) {
    out.push_back({r.Id(0), r.Time(1), r.IsNull(2) ? std::nullopt : std::optional<core::Uuid>(r.Id(2))});
  }
  return out;
}

core::Result<std::optional<core::Timestamp>> MinTime(store::Connection& c, const std::string& sql,
                                                     const store::Params& params = {}) {
  core::Result<store::Rows> rows = c.Query(sql, params);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<core::Timestamp>();
  return OptTime((*rows)[0], 0);
}

}  // namespace

core::Result<void> Repository::InsertTemplate(store::Connection& c, const SessionTemplate& t) {
  core::Result<int64_t> n = c.Execute(
      std::string("INSERT INTO recurring_templates (") + kTemplateColumns +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      TemplateParams(t));
  if (!n) return n.error();
  return core::Ok();
}

core::Result<void> Repository::UpdateTemplate(store::Connection& c, const SessionTemplate& t) {
  store::Params params = TemplateParams(t);
  params.push_back(t.id);
  params.erase(params.begin());
  core::Result<int64_t> n = c.Execute(
      "UPDATE recurring_templates SET name = ?, description = ?, timezone = ?, rule = ?, "
      "exdates = ?, start_time = ?, end_time = ?, end_next_day = ?, duration_s = ?, starts_on = ?, "
      "ends_on = ?, capacity = ?, metadata = ?, status = ?, created_at = ?, updated_at = ? "
      "WHERE id = ?",
      params);
  if (!n) return n.error();
  if (*n == 0) return core::Error::NotFound("no template " + t.id.ToString());
  return core::Ok();
}

core::Result<SessionTemplate> Repository::GetTemplate(store::Connection& c, const core::Uuid& id) {
  core::Result<store::Rows> rows = c.Query(
      std::string("SELECT ") + kTemplateColumns + " FROM recurring_templates WHERE id = ?", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return core::Error::NotFound("no template " + id.ToString());
  return ReadTemplate((*rows)[0]);
}

core::Result<std::vector<SessionTemplate>> Repository::ListTemplates(
    store::Connection& c, int limit, const std::optional<core::Uuid>& after) {
  core::Result<store::Rows> rows =
      after ? c.Query(std::string("SELECT ") + kTemplateColumns +
                          " FROM recurring_templates WHERE status <> 'deleted' AND id > ? "
                          "ORDER BY id LIMIT ?",
                      {*after, limit})
            : c.Query(std::string("SELECT ") + kTemplateColumns +
                          " FROM recurring_templates WHERE status <> 'deleted' ORDER BY id LIMIT ?",
                      {limit});
  if (!rows) return rows.error();
  std::vector<SessionTemplate> out;
  for (Row r : *rows) {
    core::Result<SessionTemplate> t = ReadTemplate(r);
    if (!t) return t.error();
    out.push_back(std::move(*t));
  }
  return out;
}

core::Result<std::vector<SessionTemplate>> Repository::ActiveTemplates(store::Connection& c) {
  core::Result<store::Rows> rows = c.Query(std::string("SELECT ") + kTemplateColumns +
                                           " FROM recurring_templates WHERE status = 'active' ORDER BY id");
  if (!rows) return rows.error();
  std::vector<SessionTemplate> out;
  for (Row r : *rows) {
    core::Result<SessionTemplate> t = ReadTemplate(r);
    if (!t) return t.error();
    out.push_back(std::move(*t));
  }
  return out;
}

core::Result<TemplateStats> Repository::Stats(store::Connection& c, const core::Uuid& template_id) {
  core::Result<store::Rows> rows = c.Query(
      "SELECT COUNT(*), MIN(scheduled_date), MAX(scheduled_date) FROM recurring_sessions "
      "WHERE template_id = ?",
      {template_id});
  if (!rows) return rows.error();
  TemplateStats stats;
  Row r = (*rows)[0];
  stats.sessions_generated = r.Int(0);
  if (!r.IsNull(1)) stats.earliest = r.Day(1);
  if (!r.IsNull(2)) stats.latest = r.Day(2);
  return stats;
}

core::Result<bool> Repository::InsertOccurrence(store::Connection& c, const Session& s) {
  core::Result<int64_t> n = c.Execute(kInsertSession + " ON CONFLICT DO NOTHING", SessionParams(s));
  if (!n) return n.error();
  return *n == 1;
}

core::Result<std::set<core::Uuid>> Repository::InsertOccurrences(store::Connection& c,
                                                                 const std::vector<Session>& sessions) {
  std::set<core::Uuid> inserted;
  const std::string head = std::string("INSERT INTO recurring_sessions (") + kSessionColumns + ") VALUES ";
  for (size_t at = 0; at < sessions.size(); at += kBatchRows) {
    size_t n = std::min(kBatchRows, sessions.size() - at);
    store::Params params;
    params.reserve(n * 18);
    for (size_t i = at; i < at + n; ++i) {
      store::Params row = SessionParams(sessions[i]);
      std::move(row.begin(), row.end(), std::back_inserter(params));
    }
    core::Result<store::Rows> rows =
        c.Query(Rows(head.c_str(), kSessionRow, n) + " ON CONFLICT DO NOTHING RETURNING id", params);
    if (!rows) return rows.error();
    for (Row r : *rows) inserted.insert(r.Id(0));
  }
  return inserted;
}

core::Result<void> Repository::InsertLogs(store::Connection& c, const std::vector<LogEntry>& entries) {
  const std::string head = std::string("INSERT INTO recurring_session_logs (") + kLogColumns + ") VALUES ";
  for (size_t at = 0; at < entries.size(); at += kBatchRows) {
    size_t n = std::min(kBatchRows, entries.size() - at);
    store::Params params;
    params.reserve(n * 7);
    for (size_t i = at; i < at + n; ++i) {
      store::Params row = LogParams(entries[i]);
      std::move(row.begin(), row.end(), std::back_inserter(params));
    }
    core::Result<int64_t> written = c.Execute(Rows(head.c_str(), kLogRow, n), params);
    if (!written) return written.error();
  }
  return core::Ok();
}

core::Result<void> Repository::InsertSession(store::Connection& c, const Session& s) {
  core::Result<int64_t> n = c.Execute(kInsertSession, SessionParams(s));
  if (!n) return n.error();
  return core::Ok();
}

core::Result<void> Repository::UpdateSession(store::Connection& c, const Session& s) {
  core::Result<int64_t> n = c.Execute(
      "UPDATE recurring_sessions SET name = ?, valid_from = ?, valid_until = ?, status = ?, "
      "edited = ?, capacity = ?, metadata = ?, updated_at = ?, activated_at = ?, closed_at = ?, "
      "cancelled_at = ? WHERE id = ?",
      {s.name, s.valid_from, s.valid_until, std::string(SessionStatusName(s.status)), s.edited,
       s.capacity, store::AsJson(s.metadata), s.updated_at, s.activated_at, s.closed_at,
       s.cancelled_at, s.id});
  if (!n) return n.error();
  if (*n == 0) return core::Error::NotFound("no session " + s.id.ToString());
  return core::Ok();
}

core::Result<Session> Repository::GetSession(store::Connection& c, const core::Uuid& id) {
  core::Result<store::Rows> rows = c.Query(
      std::string("SELECT ") + kSessionColumns + " FROM recurring_sessions WHERE id = ?", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return core::Error::NotFound("no session " + id.ToString());
  return ReadSession((*rows)[0]);
}

core::Result<std::vector<Session>> Repository::ListSessions(store::Connection& c, const SessionQuery& q) {
  std::string sql = std::string("SELECT ") + kSessionColumns + " FROM recurring_sessions WHERE 1 = 1";
  store::Params params;
  if (q.from) {
    sql += " AND valid_from >= ?";
    params.push_back(*q.from);
  }
  if (q.to) {
    sql += " AND valid_from < ?";
    params.push_back(*q.to);
  }
  if (q.status) {
    sql += " AND status = ?";
    params.push_back(std::string(SessionStatusName(*q.status)));
  }
  if (q.template_id) {
    sql += " AND template_id = ?";
    params.push_back(*q.template_id);
  }
  if (q.after) {
    sql += " AND (valid_from > ? OR (valid_from = ? AND id > ?))";
    params.push_back(q.after->first);
    params.push_back(q.after->first);
    params.push_back(q.after->second);
  }
  sql += " ORDER BY valid_from, id LIMIT ?";
  params.push_back(q.limit);
  core::Result<store::Rows> rows = c.Query(sql, params);
  if (!rows) return rows.error();
  std::vector<Session> out;
  for (Row r : *rows) out.push_back(ReadSession(r));
  return out;
}

core::Result<std::set<core::Date>> Repository::TakenDates(store::Connection& c,
                                                          const core::Uuid& template_id,
                                                          core::Date from, core::Date to) {
  core::Result<store::Rows> rows = c.Query(
      "SELECT scheduled_date FROM recurring_sessions WHERE template_id = ? AND scheduled_date >= ? "
      "AND scheduled_date <= ?",
      {template_id, from, to});
  if (!rows) return rows.error();
  std::set<core::Date> out;
  for (Row r : *rows) out.insert(r.Day(0));
  return out;
}

core::Result<int64_t> Repository::DeleteReplaceable(store::Connection& c, const core::Uuid& template_id,
                                                    core::Timestamp now) {
  return c.Execute(
      "DELETE FROM recurring_sessions WHERE template_id = ? AND status = 'scheduled' AND "
      "edited = ? AND valid_from > ?",
      {template_id, false, now});
}

core::Result<std::vector<core::Uuid>> Repository::CancelFuture(store::Connection& c,
                                                               const core::Uuid& template_id,
                                                               core::Timestamp now) {
  core::Result<store::Rows> rows = c.Query(
      "UPDATE recurring_sessions SET status = 'cancelled', cancelled_at = ?, updated_at = ? "
      "WHERE template_id = ? AND status = 'scheduled' AND valid_from > ? RETURNING id",
      {now, now, template_id, now});
  if (!rows) return rows.error();
  std::vector<core::Uuid> out;
  for (Row r : *rows) out.push_back(r.Id(0));
  return out;
}

core::Result<void> Repository::InsertLog(store::Connection& c, const LogEntry& e) {
  core::Result<int64_t> n = c.Execute(std::string("INSERT INTO recurring_session_logs (") + kLogColumns +
                                          ") VALUES " + kLogRow,
                                      LogParams(e));
  if (!n) return n.error();
  return core::Ok();
}

core::Result<std::vector<LogEntry>> Repository::ListLog(store::Connection& c, const core::Uuid& template_id,
                                                        int limit, const std::optional<core::Uuid>& before) {
  std::string sql =
      "SELECT id, template_id, session_id, scheduled_date, valid_from, trigger, created_at "
      "FROM recurring_session_logs WHERE template_id = ?";
  store::Params params = {template_id};
  if (before) {
    sql += " AND id < ?";
    params.push_back(*before);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(limit);
  core::Result<store::Rows> rows = c.Query(sql, params);
  if (!rows) return rows.error();
  std::vector<LogEntry> out;
  for (Row r : *rows) {
    out.push_back({r.Id(0), r.Id(1), r.IsNull(2) ? std::nullopt : std::optional<core::Uuid>(r.Id(2)),
                   r.Day(3), r.Time(4), r.Text(5), r.Time(6)});
  }
  return out;
}

core::Result<std::vector<Changed>> Repository::ActivateDue(store::Connection& c, core::Timestamp now) {
  return ReadChanged(c.Query(
      "UPDATE recurring_sessions SET status = 'active', activated_at = ?, updated_at = ? "
      "WHERE status = 'scheduled' AND valid_from <= ? AND valid_until > ? "
      "RETURNING id, valid_from, template_id",
      {now, now, now, now}));
}

core::Result<std::vector<Changed>> Repository::CloseDue(store::Connection& c, core::Timestamp now) {
  return ReadChanged(c.Query(
      "UPDATE recurring_sessions SET status = 'closed', closed_at = ?, updated_at = ? "
      "WHERE status IN ('scheduled', 'active') AND valid_until <= ? "
      "RETURNING id, valid_until, template_id",
      {now, now, now}));
}

core::Result<std::optional<core::Timestamp>> Repository::NextActivation(store::Connection& c,
                                                                        core::Timestamp now) {
  return MinTime(c,
                 "SELECT MIN(valid_from) FROM recurring_sessions WHERE status = 'scheduled' AND "
                 "valid_until > ?",
                 {now});
}

core::Result<std::optional<core::Timestamp>> Repository::NextClosing(store::Connection& c) {
  return MinTime(c, "SELECT MIN(valid_until) FROM recurring_sessions WHERE status IN ('scheduled', 'active')");
}

}  // namespace sessiond::recurring
