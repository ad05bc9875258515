#include "store/postgres/pg_database.hpp"

#include <libpq-fe.h>

#include <cassert>
#include <string>

#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_session_lock.hpp"
#include "store/postgres/pg_topic_watch.hpp"

namespace sessiond::store::postgres {
namespace {

// Rejects what libpq cannot parse before any connection attempt, so that a typo reads as
// kUnprocessable rather than as a database that is down. The URL itself never appears in
// messages: it may hold a password.
core::Result<void> CheckUrl(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options != nullptr) {
    PQconninfoFree(options);
    return core::Ok();
  }
  std::string why = error != nullptr ? error : "out of memory";
  if (error != nullptr) PQfreemem(error);
  while (!why.empty() && why.back() == '\n') why.pop_back();
  return core::Error::Unprocessable("invalid PostgreSQL URL: " + why);
}

}  // namespace

core::Result<std::unique_ptr<Database>> PgDatabase::Open(const DatabaseOptions& options) {
  if (core::Result<void> valid = CheckUrl(options.url); !valid) return valid.error();
  if (options.pool_size < 1) return core::Error::Unprocessable("pool_size must be at least 1");
  std::unique_ptr<PgDatabase> db(new PgDatabase());
  db->url_ = options.url;
  for (int i = 0; i < options.pool_size; ++i) {
    core::Result<std::unique_ptr<PgConnection>> connection =
        PgConnection::Connect(options.url, db->placeholders_);
    if (!connection) return connection.error();
    db->connections_.push_back(std::move(*connection));
  }
  db->Start();
  return std::unique_ptr<Database>(std::move(db));
}

PgDatabase::PgDatabase() = default;

std::unique_ptr<SessionLock> PgDatabase::OpenSessionLock(int64_t key) {
  return std::make_unique<PgSessionLock>(url_, key);
}

std::unique_ptr<TopicWatch> PgDatabase::WatchTopic(const std::string& topic,
                                                   std::function<void()> on_change) {
  return std::make_unique<PgTopicWatch>(url_, topic, std::move(on_change));
}

PgDatabase::~PgDatabase() { Close(); }

void PgDatabase::Start() {
  open_connections_ = int(connections_.size());
  for (auto& connection : connections_) {
    workers_.emplace_back([this, c = connection.get()] { WorkerLoop(*c); });
  }
}

void PgDatabase::WriteAsync(Work work, Done done) {
  Submit(detail::Job{std::move(work), std::move(done), /*read_only=*/false});
}

void PgDatabase::ReadAsync(Work work, Done done) {
  Submit(detail::Job{std::move(work), std::move(done), /*read_only=*/true});
}

void PgDatabase::PingAsync(Done done) {
  // A read reconnects a broken connection first and retries a BEGIN that meets a dead one,
  // so a ping answers for the server, not for the state of one pooled connection.
  ReadAsync(
      [](Connection& c) -> core::Result<void> {
        core::Result<Rows> rows = c.Query("SELECT 1");
        if (!rows) return rows.error();
        return core::Ok();
      },
      std::move(done));
}

void PgDatabase::Submit(detail::Job job) {
  if (!queue_.Push(job)) detail::Deliver(job.done, core::Error::Unavailable("database is closed"));
}

PoolStats PgDatabase::Stats() const {
  return PoolStats{open_connections_.load(), in_use_.load(), int(queue_.size())};
}

void PgDatabase::Close() {
  assert(!detail::OnStoreThread() && "Close() from a store thread would wait for itself");
  std::lock_guard lock(close_mu_);
  queue_.Close();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
  connections_.clear();
  open_connections_ = 0;
}

void PgDatabase::WorkerLoop(PgConnection& connection) {
  detail::StoreThreadMarker marker;
  bool healthy = true;
  while (std::optional<detail::Job> job = queue_.Pop()) {
    ++in_use_;
    core::Result<void> result = RunJob(connection, *job);
    --in_use_;
    if (healthy == connection.broken()) {
      healthy = !healthy;
      open_connections_ += healthy ? 1 : -1;
    }
    detail::Deliver(job->done, std::move(result));
  }
}

core::Result<void> PgDatabase::RunJob(PgConnection& connection, const detail::Job& job) {
  if (core::Result<void> begun = connection.Begin(job.read_only); !begun) return begun;
  core::Result<void> result = detail::RunWork(job.work, connection);
  if (!result.ok()) {
    connection.Rollback();
    return result;
  }
  return connection.Commit();
}

}  // namespace sessiond::store::postgres
