#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/detail/job.hpp"
#include "store/detail/work_queue.hpp"
#include "store/postgres/placeholders.hpp"

namespace sessiond::store::postgres {

class PgConnection;

// The PostgreSQL backend: `pool_size` connections, each driven by one worker thread that
// takes units of work from a shared queue and runs each in its own transaction (BEGIN ...
// COMMIT; reads in a read-only snapshot). Broken connections are reset by their worker
// before their next unit of work (PgConnection says when a unit can be retried). Thread-safe.
class PgDatabase final : public Database {
 public:
  // Connects the whole pool with options.url ("postgres://..." or "postgresql://...",
  // passed to libpq as it is). Errors: kUnprocessable for a URL libpq cannot parse or a
  // pool_size below 1; kUnavailable when the server cannot be reached.
  static core::Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  ~PgDatabase() override;

  Backend backend() const override { return Backend::kPostgres; }
  void WriteAsync(Work work, Done done) override;
  void ReadAsync(Work work, Done done) override;
  void PingAsync(Done done) override;
  PoolStats Stats() const override;
  std::unique_ptr<SessionLock> OpenSessionLock(int64_t key) override;
  std::unique_ptr<TopicWatch> WatchTopic(const std::string& topic,
                                         std::function<void()> on_change) override;
  void Close() override;

 private:
  PgDatabase();

  void Start();
  void Submit(detail::Job job);
  void WorkerLoop(PgConnection& connection);
  core::Result<void> RunJob(PgConnection& connection, const detail::Job& job);

  std::string url_;  // constant after Open; for connections of their own (session locks)
  // Declared before the connections, which refer to it.
  PlaceholderCache placeholders_;
  // Constant after Open (Close() joins the workers before releasing them).
  std::vector<std::unique_ptr<PgConnection>> connections_;

  detail::WorkQueue<detail::Job> queue_;
  std::atomic<int> open_connections_{0};
  std::atomic<int> in_use_{0};

  std::mutex close_mu_;           // serializes Close(); the workers never take it
  std::vector<std::thread> workers_;  // guarded by close_mu_ after Start()
};

}  // namespace sessiond::store::postgres
