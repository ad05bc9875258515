#include "scheduler/job_repository.hpp"

#include "realtime/event_log.hpp"

namespace sessiond::scheduler {
namespace {

using store::Value;

// Runs starting and finishing are published here (the realtime feed).
constexpr std::string_view kJobsChannel = "jobs";

constexpr const char* kJobColumns =
    "name, schedule, timezone, task, params, active, overlap, catch_up, catch_up_window_ms, "
    "timeout_ms, retries, last_scheduled_for, next_run_at, created_at, updated_at";
constexpr const char* kRunColumns =
    "id, job, scheduled_for, trigger, attempt, started_at, finished_at, status, result, error, "
    "dst_shifted, node";

std::optional<core::Timestamp> OptionalTime(const store::Row& row, size_t col) {
  if (row.IsNull(col)) return std::nullopt;
  return row.Time(col);
}

Job ReadJob(const store::Row& row) {
  Job job;
  job.name = row.Text(0);
  job.schedule = row.Text(1);
  job.timezone = row.Text(2);
  job.task = row.Text(3);
  job.params = row.Json(4);
  job.active = row.Bool(5);
  job.overlap = ParseOverlap(row.Text(6)).value_or(Overlap::kSkip);
  job.catch_up = ParseCatchUp(row.Text(7)).value_or(CatchUp::kNone);
  job.catch_up_window = core::Duration::Millis(row.Int(8));
  job.timeout = core::Duration::Millis(row.Int(9));
  job.retries = int(row.Int(10));
  job.last_scheduled_for = OptionalTime(row, 11);
  job.next_run_at = OptionalTime(row, 12);
  job.created_at = row.Time(13);
  job.updated_at = row.Time(14);
  return job;
}

Run ReadRun(const store::Row& row) {
  Run run;
  run.id = row.Id(0);
  run.job = row.Text(1);
  run.scheduled_for = row.Time(2);
  run.trigger = ParseTrigger(row.Text(3)).value_or(Trigger::kSchedule);
  run.attempt = int(row.Int(4));
  run.started_at = row.Time(5);
  run.finished_at = OptionalTime(row, 6);
  run.status = ParseRunStatus(row.Text(7)).value_or(RunStatus::kFailed);
  run.result = row.Json(8);
  run.error = row.Text(9);
  run.dst_shifted = row.Bool(10);
  run.node = row.Text(11);
  return run;
}

store::Params JobValues(const Job& job) {
  return {job.schedule,
          job.timezone,
          job.task,
          store::AsJson(job.params),
          job.active,
          std::string(OverlapName(job.overlap)),
          std::string(CatchUpName(job.catch_up)),
          job.catch_up_window.millis(),
          job.timeout.millis(),
          job.retries,
          Value(job.last_scheduled_for),
          Value(job.next_run_at),
          job.updated_at};
}

}  // namespace

core::Result<void> JobRepository::InsertJob(store::Connection& c, const Job& job) {
  store::Params params = {job.name};
  store::Params values = JobValues(job);
  params.insert(params.end(), values.begin(), values.end());
  params.push_back(job.created_at);
  core::Result<int64_t> inserted = c.Execute(
      "INSERT INTO jobs (name, schedule, timezone, task, params, active, overlap, catch_up, "
      "catch_up_window_ms, timeout_ms, retries, last_scheduled_for, next_run_at, updated_at, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params);
  if (!inserted) {
    if (inserted.error().code == core::ErrorCode::kConflict) {
      return core::Error::Field(core::ErrorCode::kConflict, "name",
                                "a job named '" + job.name + "' exists", job.name);
    }
    return inserted.error();
  }
  return core::Ok();
}

core::Result<std::optional<Job>> JobRepository::FindJob(store::Connection& c,
                                                        std::string_view name) {
  core::Result<store::Rows> rows =
      c.Query(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE name = ?", {name});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Job>();
  return std::optional<Job>(ReadJob((*rows)[0]));
}

core::Result<std::vector<Job>> JobRepository::ListJobs(store::Connection& c) {
  core::Result<store::Rows> rows =
      c.Query(std::string("SELECT ") + kJobColumns + " FROM jobs ORDER BY name");
  if (!rows) return rows.error();
  std::vector<Job> jobs;
  for (store::Row row : *rows) jobs.push_back(ReadJob(row));
  return jobs;
}

core::Result<void> JobRepository::UpdateJob(store::Connection& c, const Job& job) {
  store::Params params = JobValues(job);
  params.push_back(job.name);
  core::Result<int64_t> updated = c.Execute(
      "UPDATE jobs SET schedule = ?, timezone = ?, task = ?, params = ?, active = ?, overlap = ?, "
      "catch_up = ?, catch_up_window_ms = ?, timeout_ms = ?, retries = ?, last_scheduled_for = ?, "
      "next_run_at = ?, updated_at = ? WHERE name = ?",
      params);
  if (!updated) return updated.error();
  if (*updated == 0) return core::Error::NotFound("no job named '" + job.name + "'");
  return core::Ok();
}

core::Result<bool> JobRepository::DeleteJob(store::Connection& c, std::string_view name) {
  core::Result<int64_t> deleted = c.Execute("DELETE FROM jobs WHERE name = ?", {name});
  if (!deleted) return deleted.error();
  return *deleted > 0;
}

core::Result<void> JobRepository::SetProgress(store::Connection& c, std::string_view name,
                                              std::optional<core::Timestamp> last_scheduled_for,
                                              std::optional<core::Timestamp> next_run_at) {
  core::Result<int64_t> updated =
      // last_scheduled_for only moves forward: claims of one pass may commit in any order.
      c.Execute("UPDATE jobs SET last_scheduled_for = CASE WHEN last_scheduled_for IS NULL "
                "OR last_scheduled_for < ? THEN ? ELSE last_scheduled_for END, next_run_at = ? "
                "WHERE name = ?",
                {Value(last_scheduled_for), Value(last_scheduled_for), Value(next_run_at), name});
  if (!updated) return updated.error();
  return core::Ok();
}

core::Result<bool> JobRepository::InsertRun(store::Connection& c, const Run& run) {
  // ON CONFLICT names the partial unique index of migration 0002: an occurrence that already
  // has a live scheduled or catch-up run inserts nothing, on both backends, without aborting
  // the surrounding transaction as a raised unique violation would on PostgreSQL.
  core::Result<int64_t> inserted = c.Execute(
      "INSERT INTO job_runs (id, job, scheduled_for, trigger, attempt, started_at, finished_at, "
      "status, result, error, dst_shifted, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (job, scheduled_for) WHERE trigger IN ('schedule', 'catch_up') "
      "AND status <> 'abandoned' DO NOTHING",
      {run.id, run.job, run.scheduled_for, std::string(TriggerName(run.trigger)), run.attempt,
       run.started_at, Value(run.finished_at), std::string(RunStatusName(run.status)),
       run.result.is_null() ? Value() : store::AsJson(run.result),
       run.error.empty() ? Value() : Value(run.error), run.dst_shifted, run.node});
  if (!inserted) return inserted.error();
  if (*inserted == 0) return false;
  // On the `jobs` channel, in the run's own transaction (the outbox).
  std::string_view type =
      run.status == RunStatus::kRunning ? "job.run.started" : "job.run.finished";
  core::Result<int64_t> event =
      realtime::AppendEvent(c, kJobsChannel, type, RunToJson(run), run.started_at);
  if (!event) return event.error();
  return true;
}

core::Result<bool> JobRepository::FinishRun(store::Connection& c, const core::Uuid& id,
                                            RunStatus status, const core::Json& result,
                                            const std::string& error, core::Timestamp finished_at) {
  core::Result<store::Rows> updated = c.Query(
      std::string("UPDATE job_runs SET status = ?, result = ?, error = ?, finished_at = ? "
                  "WHERE id = ? AND status = 'running' RETURNING ") +
          kRunColumns,
      {std::string(RunStatusName(status)), result.is_null() ? Value() : store::AsJson(result),
       error.empty() ? Value() : Value(error), finished_at, id});
  if (!updated) return updated.error();
  if (updated->empty()) return false;
  core::Result<int64_t> event = realtime::AppendEvent(
      c, kJobsChannel, "job.run.finished", RunToJson(ReadRun((*updated)[0])), finished_at);
  if (!event) return event.error();
  return true;
}

core::Result<std::optional<Run>> JobRepository::FindRun(store::Connection& c,
                                                        const core::Uuid& id) {
  core::Result<store::Rows> rows =
      c.Query(std::string("SELECT ") + kRunColumns + " FROM job_runs WHERE id = ?", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Run>();
  return std::optional<Run>(ReadRun((*rows)[0]));
}

core::Result<std::optional<Run>> JobRepository::LastRun(store::Connection& c,
                                                        std::string_view job) {
  core::Result<store::Rows> rows = c.Query(
      std::string("SELECT ") + kRunColumns + " FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT 1",
      {job});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Run>();
  return std::optional<Run>(ReadRun((*rows)[0]));
}

core::Result<RunPage> JobRepository::ListRuns(store::Connection& c, const RunQuery& query) {
  std::string sql = std::string("SELECT ") + kRunColumns + " FROM job_runs WHERE 1 = 1";
  store::Params params;
  if (query.job) {
    sql += " AND job = ?";
    params.push_back(*query.job);
  }
  if (query.status) {
    sql += " AND status = ?";
    params.push_back(std::string(RunStatusName(*query.status)));
  }
  if (query.before) {
    sql += " AND id < ?";
    params.push_back(*query.before);
  }
  // One more than asked tells whether a next page exists.
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(int64_t{query.limit} + 1);
  core::Result<store::Rows> rows = c.Query(sql, params);
  if (!rows) return rows.error();
  RunPage page;
  for (store::Row row : *rows) page.items.push_back(ReadRun(row));
  if (int(page.items.size()) > query.limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

core::Result<bool> JobRepository::HasSucceeded(store::Connection& c, std::string_view job,
                                               core::Timestamp scheduled_for) {
  core::Result<store::Rows> rows = c.Query(
      "SELECT 1 FROM job_runs WHERE job = ? AND scheduled_for = ? AND status = 'succeeded' "
      "AND trigger <> 'manual' LIMIT 1",
      {job, scheduled_for});
  if (!rows) return rows.error();
  return !rows->empty();
}

core::Result<std::vector<Run>> JobRepository::AbandonStaleRuns(store::Connection& c,
                                                              const std::string& self,
                                                              core::Timestamp heartbeat_cutoff,
                                                              core::Timestamp now) {
  const std::string stale =
      " WHERE status = 'running' AND node <> ? AND node NOT IN "
      "(SELECT node FROM scheduler_nodes WHERE heartbeat_at > ?)";
  core::Result<store::Rows> rows =
      c.Query(std::string("SELECT ") + kRunColumns + " FROM job_runs" + stale, {self, heartbeat_cutoff});
  if (!rows) return rows.error();
  std::vector<Run> runs;
  for (store::Row row : *rows) runs.push_back(ReadRun(row));
  if (runs.empty()) return runs;
  core::Result<int64_t> updated = c.Execute(
      "UPDATE job_runs SET status = 'abandoned', finished_at = ?, "
      "error = 'the node running it stopped before it finished'" + stale,
      {now, self, heartbeat_cutoff});
  if (!updated) return updated.error();
  return runs;
}

core::Result<void> JobRepository::Heartbeat(store::Connection& c, const std::string& node,
                                            bool leading, core::Timestamp started_at,
                                            core::Timestamp now) {
  core::Result<int64_t> written = c.Execute(
      "INSERT INTO scheduler_nodes (node, started_at, heartbeat_at, is_leader) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (node) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, "
      "is_leader = excluded.is_leader",
      {node, started_at, now, leading});
  if (!written) return written.error();
  return core::Ok();
}

core::Result<std::string> JobRepository::CurrentLeader(store::Connection& c,
                                                       core::Timestamp cutoff) {
  core::Result<store::Rows> rows = c.Query(
      "SELECT node FROM scheduler_nodes WHERE is_leader AND heartbeat_at > ? "
      "ORDER BY heartbeat_at DESC LIMIT 1",
      {cutoff});
  if (!rows) return rows.error();
  return rows->empty() ? std::string() : (*rows)[0].Text(0);
}

core::Result<int64_t> JobRepository::PruneRuns(store::Connection& c, core::Timestamp before,
                                               int64_t keep_per_job) {
  core::Result<int64_t> old = c.Execute(
      "DELETE FROM job_runs WHERE status <> 'running' AND started_at < ?", {before});
  if (!old) return old.error();
  // Window functions run on both backends (SQLite 3.25+).
  core::Result<int64_t> excess = c.Execute(
      "DELETE FROM job_runs WHERE id IN (SELECT id FROM (SELECT id, status, ROW_NUMBER() OVER "
      "(PARTITION BY job ORDER BY id DESC) AS n FROM job_runs) ranked "
      "WHERE n > ? AND status <> 'running')",
      {keep_per_job});
  if (!excess) return excess.error();
  return *old + *excess;
}

}  // namespace sessiond::scheduler
