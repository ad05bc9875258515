#include "domains/checkins/checkin_repository.hpp"

#include <stdexcept>

namespace sessiond::checkins {
namespace {

using store::Value;

constexpr const char* kColumns =
    "id, user_id, checked_in_at, expires_at, status, checked_out_at, metadata";

Checkin ReadCheckin(const store::Row& row) {
  Checkin checkin;
  checkin.id = row.Id(0);
  checkin.user_id = row.Text(1);
  checkin.checked_in_at = row.Time(2);
  checkin.expires_at = row.Time(3);
  std::optional<StoredStatus> status = ParseStoredStatus(row.Text(4));
  if (!status) throw std::runtime_error("checkins.status holds '" + row.Text(4) + "'");
  checkin.stored_status = *status;
  if (!row.IsNull(5)) checkin.checked_out_at = row.Time(5);
  checkin.metadata = row.Json(6);
  return checkin;
}

core::Result<std::vector<Checkin>> ReadAll(core::Result<store::Rows> rows) {
  if (!rows) return rows.error();
  std::vector<Checkin> out;
  out.reserve(rows->size());
  for (const store::Row& row : *rows) out.push_back(ReadCheckin(row));
  return out;
}

core::Result<std::optional<Checkin>> ReadOne(core::Result<store::Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Checkin>();
  return std::optional<Checkin>(ReadCheckin((*rows)[0]));
}

std::string Select(std::string_view where) {
  return std::string("SELECT ") + kColumns + " FROM checkins " + std::string(where);
}

}  // namespace

core::Result<void> CheckinRepository::Insert(store::Connection& c, const Checkin& checkin) {
  core::Result<int64_t> inserted = c.Execute(
      std::string("INSERT INTO checkins (") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
      {checkin.id, checkin.user_id, checkin.checked_in_at, checkin.expires_at,
       StoredStatusName(checkin.stored_status), Value(checkin.checked_out_at),
       store::AsJson(checkin.metadata)});
  if (!inserted) return inserted.error();
  return core::Ok();
}

core::Result<std::optional<Checkin>> CheckinRepository::Find(store::Connection& c,
                                                             const core::Uuid& id) {
  return ReadOne(c.Query(Select("WHERE id = ?"), {id}));
}

core::Result<std::optional<Checkin>> CheckinRepository::FindStoredActive(
    store::Connection& c, const std::string& user_id) {
  return ReadOne(c.Query(Select("WHERE user_id = ? AND status = 'active'"), {user_id}));
}

core::Result<void> CheckinRepository::Extend(store::Connection& c, const core::Uuid& id,
                                             core::Timestamp expires_at,
                                             const core::Json& metadata) {
  core::Result<int64_t> updated =
      c.Execute("UPDATE checkins SET expires_at = ?, metadata = ? WHERE id = ?",
                {expires_at, store::AsJson(metadata), id});
  if (!updated) return updated.error();
  return core::Ok();
}

core::Result<bool> CheckinRepository::End(store::Connection& c, const core::Uuid& id,
                                          StoredStatus to,
                                          std::optional<core::Timestamp> checked_out_at) {
  core::Result<int64_t> updated = c.Execute(
      "UPDATE checkins SET status = ?, checked_out_at = ? WHERE id = ? AND status = 'active'",
      {StoredStatusName(to), Value(checked_out_at), id});
  if (!updated) return updated.error();
  return *updated == 1;
}

core::Result<std::vector<Checkin>> CheckinRepository::ListActive(
    store::Connection& c, core::Timestamp now, const std::optional<std::string>& user_id,
    const std::optional<core::Uuid>& after, int limit) {
  std::string where = "WHERE status = 'active' AND expires_at > ?";
  store::Params params = {now};
  if (user_id) {
    where += " AND user_id = ?";
    params.emplace_back(*user_id);
  }
  if (after) {
    // Keyset pagination on (checked_in_at, id), the order of the partial index.
    where += " AND (checked_in_at, id) < (SELECT checked_in_at, id FROM checkins WHERE id = ?)";
    params.emplace_back(*after);
  }
  where += " ORDER BY checked_in_at DESC, id DESC LIMIT ?";
  params.emplace_back(int64_t{limit});
  return ReadAll(c.Query(Select(where), params));
}

core::Result<std::vector<Checkin>> CheckinRepository::DueForExpiry(store::Connection& c,
                                                                   core::Timestamp now,
                                                                   int limit) {
  return ReadAll(c.Query(
      Select("WHERE status = 'active' AND expires_at <= ? ORDER BY expires_at LIMIT ?"),
      {now, int64_t{limit}}));
}

core::Result<std::optional<core::Timestamp>> CheckinRepository::NextExpiry(store::Connection& c) {
  core::Result<store::Rows> rows =
      c.Query("SELECT min(expires_at) FROM checkins WHERE status = 'active'");
  if (!rows) return rows.error();
  if (rows->empty() || (*rows)[0].IsNull(0)) return std::optional<core::Timestamp>();
  return std::optional<core::Timestamp>((*rows)[0].Time(0));
}

namespace {

CheckinStats ReadStats(const store::Row& row) {
  CheckinStats stats{row.Int(0), row.Int(1), row.Int(2), row.Int(3), std::nullopt};
  if (!row.IsNull(4)) stats.avg_duration_minutes_7d = row.Double(4);
  return stats;
}

// SQLite reads the running totals of migration 0006: the status counts, and the 7-day
// average from whole 10-minute slots plus the rows of the slot the window starts in.
core::Result<CheckinStats> SqliteStats(store::Connection& c, core::Timestamp now) {
  core::Result<store::Rows> rows = c.Query(
      "WITH window_slots AS ("
      "  SELECT sum(n) AS n, sum(duration_ms) AS ms FROM checkin_duration_slots"
      "  WHERE slot > substr(?2, 1, 15)),"
      " window_edge AS ("
      "  SELECT count(*) AS n, sum(duration_ms) AS ms FROM checkins"
      "  WHERE checked_in_at > ?2 AND checked_in_at < substr(?2, 1, 15) || '~') "
      "SELECT "
      "(SELECT count(*) FROM checkins WHERE status = 'active' AND expires_at > ?1), "
      "(SELECT count(*) FROM checkins WHERE status = 'active' AND expires_at <= ?1), "
      "(SELECT coalesce(sum(n), 0) FROM checkin_status_counts WHERE status = 'inactive'), "
      "(SELECT coalesce(sum(n), 0) FROM checkin_status_counts), "
      "(SELECT (coalesce(s.ms, 0) + coalesce(e.ms, 0)) / 60000.0 /"
      "        nullif(coalesce(s.n, 0) + e.n, 0)"
      " FROM window_slots s, window_edge e)",
      {now, now - core::Duration::Days(7)});
  if (!rows) return rows.error();
  return ReadStats((*rows)[0]);
}

// PostgreSQL counts from the table: each count reads an index of its own.
core::Result<CheckinStats> PostgresStats(store::Connection& c, core::Timestamp now) {
  core::Result<store::Rows> rows = c.Query(
      "SELECT "
      "(SELECT count(*) FROM checkins WHERE status = 'active' AND expires_at > ?), "
      "(SELECT count(*) FROM checkins WHERE status = 'active' AND expires_at <= ?), "
      "(SELECT count(*) FROM checkins WHERE status = 'inactive'), "
      "(SELECT count(*) FROM checkins), "
      "(SELECT CAST(avg(extract(epoch FROM (coalesce(checked_out_at, expires_at) - "
      "checked_in_at)) / 60.0) AS double precision) FROM checkins WHERE checked_in_at > ?)",
      {now, now, now - core::Duration::Days(7)});
  if (!rows) return rows.error();
  return ReadStats((*rows)[0]);
}

}  // namespace

core::Result<CheckinStats> CheckinRepository::Stats(store::Connection& c, core::Timestamp now) {
  // Durations are to the checkout, else to the expiry (the seed's monitoring query).
  return c.backend() == store::Backend::kSqlite ? SqliteStats(c, now) : PostgresStats(c, now);
}

core::Result<int64_t> CheckinRepository::DeleteEndedBefore(store::Connection& c,
                                                           core::Timestamp cutoff) {
  return c.Execute("DELETE FROM checkins WHERE checked_in_at < ? AND status <> 'active'",
                   {cutoff});
}

}  // namespace sessiond::checkins
