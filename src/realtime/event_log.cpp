#include "realtime/event_log.hpp"

#include <algorithm>

namespace sessiond::realtime {
namespace {

// pg_advisory_xact_lock key serializing appends: "sessione" in ASCII (the scheduler's leader
// lock is "sessiond").
constexpr int64_t kAppendLockKey = 0x73657373696f6e65;

// Pruning deletes the oldest events this many at a time.
constexpr int kPruneBatch = 10'000;

constexpr const char* kEventColumns = "id, channel, type, payload, created_at";

std::vector<Event> ToEvents(const store::Rows& rows) {
  std::vector<Event> events;
  events.reserve(rows.size());
  for (const store::Row& row : rows) {
    events.push_back(
        {row.Int(0), row.Text(1), row.Text(2), row.Json(3), row.Time(4)});
  }
  return events;
}

core::Result<int64_t> SingleInt(core::Result<store::Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty() || (*rows)[0].IsNull(0)) return int64_t{0};
  return (*rows)[0].Int(0);
}

core::Result<int64_t> AppendStoredEvent(store::Connection& conn, std::string_view channel,
                                        std::string_view type, store::Value payload,
                                        core::Timestamp now) {
  if (conn.backend() == store::Backend::kPostgres) {
    // Delivered on commit, once per transaction however many events it appends. Sent before
    // the lock below, which every appending transaction of every node waits for: each round
    // trip made while holding it is one that all of them wait through.
    core::Result<store::Rows> notified =
        conn.Query("SELECT pg_notify(?, '')", {std::string(kEventsTopic)});
    if (!notified) return notified.error();
    // The lock is held to the commit: a transaction that takes an id commits before the
    // next one takes its own. Taken in the insert's own statement (a materialized CTE is
    // read before the row, and so its id, is made): one round trip fewer under the lock.
    // SQLite needs nothing: it has one writer.
    return SingleInt(conn.Query(
        "WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(?)) "
        "INSERT INTO events (channel, type, payload, created_at) "
        "SELECT ?, ?, ?, ? FROM ordered RETURNING id",
        {kAppendLockKey, channel, type, std::move(payload), now}));
  }
  store::Params params = {channel, type, std::move(payload), now};
  // SQLite runs a RETURNING statement to its end into a temporary table before giving the
  // row back: at one or two events per check-in, that table cost more than the insert.
  core::Result<int64_t> inserted = conn.Execute(
      "INSERT INTO events (channel, type, payload, created_at) VALUES (?, ?, ?, ?)", params);
  if (!inserted) return inserted.error();
  return SingleInt(conn.Query("SELECT last_insert_rowid()"));
}

}  // namespace

core::Result<int64_t> AppendEvent(store::Connection& conn, std::string_view channel,
                                  std::string_view type, const core::Json& payload,
                                  core::Timestamp now) {
  return AppendStoredEvent(conn, channel, type, store::AsJson(payload), now);
}

core::Result<int64_t> AppendEventText(store::Connection& conn, std::string_view channel,
                                      std::string_view type, std::string payload_json,
                                      core::Timestamp now) {
  return AppendStoredEvent(conn, channel, type, store::AsJsonText(std::move(payload_json)), now);
}

core::Result<std::vector<Event>> ReadEventsAfter(store::Connection& conn, int64_t after,
                                                 int limit) {
  core::Result<store::Rows> rows =
      conn.Query(std::string("SELECT ") + kEventColumns +
                     " FROM events WHERE id > ? ORDER BY id LIMIT ?",
                 {after, int64_t{limit}});
  if (!rows) return rows.error();
  return ToEvents(*rows);
}

core::Result<std::vector<Event>> ReadChannelEvents(store::Connection& conn,
                                                   const std::vector<std::string>& channels,
                                                   int64_t after, int64_t through, int limit) {
  if (channels.empty()) return std::vector<Event>{};
  std::string sql = std::string("SELECT ") + kEventColumns +
                    " FROM events WHERE id > ? AND id <= ? AND channel IN (";
  store::Params params = {after, through};
  for (size_t i = 0; i < channels.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.emplace_back(channels[i]);
  }
  sql += ") ORDER BY id LIMIT ?";
  params.emplace_back(int64_t{limit});
  core::Result<store::Rows> rows = conn.Query(sql, params);
  if (!rows) return rows.error();
  return ToEvents(*rows);
}

core::Result<int64_t> LatestEventId(store::Connection& conn) {
  return SingleInt(conn.Query("SELECT max(id) FROM events"));
}

core::Result<int64_t> PrunedThrough(store::Connection& conn) {
  return SingleInt(conn.Query("SELECT pruned_through FROM event_log_state WHERE singleton = 1"));
}

core::Result<int64_t> PruneEvents(store::Connection& conn, core::Timestamp cutoff) {
  int64_t deleted = 0;
  for (;;) {
    // Ids and creation times grow together, so the events to delete are a prefix of the log:
    // look at the oldest batch only, never scan the whole log.
    core::Result<int64_t> last = SingleInt(conn.Query(
        "SELECT max(id) FROM (SELECT id, created_at FROM events ORDER BY id LIMIT ?) oldest "
        "WHERE created_at < ?",
        {int64_t{kPruneBatch}, cutoff}));
    if (!last) return last.error();
    if (*last == 0) break;
    core::Result<int64_t> removed = conn.Execute("DELETE FROM events WHERE id <= ?", {*last});
    if (!removed) return removed.error();
    core::Result<int64_t> marked = conn.Execute(
        "UPDATE event_log_state SET pruned_through = ? WHERE singleton = 1 AND pruned_through < ?",
        {*last, *last});
    if (!marked) return marked.error();
    deleted += *removed;
    if (*removed < kPruneBatch) break;
  }
  return deleted;
}

}  // namespace sessiond::realtime
