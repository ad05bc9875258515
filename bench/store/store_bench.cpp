// Single-row inserts from many concurrent requesters, through the store's public API:
// SQLite's group commit, and PostgreSQL's pool. Prints rows per second; asserts nothing.
//
//   store_bench [--backend sqlite|postgres|all] [--rows N] [--concurrency C]
//               [--pool-size P] [--mode async|threads]
//
// async: C writes are outstanding at any time; each completion submits the next (what HTTP
// handlers awaiting AsyncWrite do). threads: C threads each call the blocking Write in a
// loop. PostgreSQL uses SESSIOND_TEST_PG_URL and is skipped without it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "store/database.hpp"

namespace sessiond::bench {
namespace {

using store::Connection;
using store::Database;

struct Settings {
  std::string backend = "all";
  std::string mode = "async";
  int64_t rows = 0;  // 0: the backend's default
  int concurrency = 64;
  int pool_size = 8;
};

constexpr std::string_view kInsert =
    "INSERT INTO bench_sessions (id, user_id, created_at) VALUES (?, ?, ?)";

// The shape of a typical session row: a UUIDv7 key, a user, a creation instant.
store::Params NextRow(core::UuidGenerator& ids, const core::Clock& clock, std::mt19937& random) {
  core::Timestamp now = clock.Now();
  return {ids.NewV7(now), "user-" + std::to_string(random() % 10000), now};
}

core::Result<void> InsertRow(Connection& c, const store::Params& row) {
  core::Result<int64_t> n = c.Execute(kInsert, row);
  if (!n) return n.error();
  return core::Ok();
}

// Keeps `concurrency` writes in flight until `rows` have completed.
class AsyncDriver {
 public:
  AsyncDriver(Database& db, int64_t rows) : db_(db), rows_(rows) {}

  int64_t Run(int concurrency) {
    for (int i = 0; i < concurrency; ++i) TrySubmit();
    std::unique_lock lock(mu_);
    finished_.wait(lock, [this] { return completed_ == rows_; });
    return failures_;
  }

 private:
  // Claims the next row, if any is left, and queues its write.
  void TrySubmit() {
    if (claimed_.fetch_add(1) >= rows_) return;
    store::Params row;
    {
      std::lock_guard lock(random_mu_);
      row = NextRow(ids_, clock_, random_);
    }
    db_.WriteAsync([row = std::move(row)](Connection& c) { return InsertRow(c, row); },
                   [this](core::Result<void> r) { Completed(r.ok()); });
  }

  // Runs on a store thread; submitting from here keeps `concurrency` writes in flight
  // without a waiting requester thread per write.
  void Completed(bool ok) {
    TrySubmit();
    std::lock_guard lock(mu_);
    if (!ok) ++failures_;
    if (++completed_ == rows_) finished_.notify_all();
  }

  Database& db_;
  const int64_t rows_;
  std::atomic<int64_t> claimed_{0};
  std::mutex random_mu_;
  core::UuidGenerator ids_;
  core::SystemClock clock_;
  std::mt19937 random_{42};
  std::mutex mu_;
  std::condition_variable finished_;
  int64_t completed_ = 0;  // guarded by mu_
  int64_t failures_ = 0;   // guarded by mu_
};

// CPU seconds this process has used: on a machine shared with other work, rows per CPU
// second says more about the store than rows per wall-clock second.
double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int64_t RunThreads(Database& db, int64_t rows, int concurrency) {
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> failures{0};
  core::UuidGenerator ids;
  core::SystemClock clock;
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(t);
      while (next.fetch_add(1) < rows) {
        store::Params row = NextRow(ids, clock, random);
        if (!db.Write([&](Connection& c) { return InsertRow(c, row); })) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return failures;
}

core::Result<int64_t> CountRows(Database& db) {
  int64_t count = 0;
  core::Result<void> read = db.Read([&](Connection& c) -> core::Result<void> {
    core::Result<store::Rows> rows = c.Query("SELECT count(*) FROM bench_sessions");
    if (!rows) return rows.error();
    count = (*rows)[0].Int(0);
    return core::Ok();
  });
  if (!read) return read.error();
  return count;
}

int RunOne(std::string_view name, const store::DatabaseOptions& options,
           std::string_view create_table, int64_t rows, const Settings& settings) {
  core::Result<std::unique_ptr<Database>> opened = Database::Open(options);
  if (!opened) {
    std::fprintf(stderr, "%s: %s\n", std::string(name).c_str(), opened.error().ToString().c_str());
    return 1;
  }
  Database& db = **opened;
  core::Result<void> created = db.Write([&](Connection& c) {
    return c.ExecuteScript("DROP TABLE IF EXISTS bench_sessions; " + std::string(create_table));
  });
  if (!created) {
    std::fprintf(stderr, "%s: %s\n", std::string(name).c_str(), created.error().ToString().c_str());
    return 1;
  }

  auto start = std::chrono::steady_clock::now();
  double cpu_start = ProcessCpuSeconds();
  int64_t failures = 0;
  if (settings.mode == "threads") {
    failures = RunThreads(db, rows, settings.concurrency);
  } else {
    AsyncDriver driver(db, rows);
    failures = driver.Run(settings.concurrency);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu_seconds = ProcessCpuSeconds() - cpu_start;

  core::Result<int64_t> stored = CountRows(db);
  std::printf("%-9s %-8s %11d %5d %8lld %8.2f %10.0f %8.2f %s\n", std::string(name).c_str(),
              settings.mode.c_str(), settings.concurrency, options.pool_size,
              static_cast<long long>(rows), seconds, double(rows - failures) / seconds,
              cpu_seconds,
              failures == 0 && stored && *stored == rows ? "ok" : "ROWS MISSING OR FAILED");
  (void)db.Write([](Connection& c) { return c.ExecuteScript("DROP TABLE bench_sessions"); });
  return failures == 0 ? 0 : 1;
}

int Main(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--backend") settings.backend = value;
    else if (flag == "--mode") settings.mode = value;
    else if (flag == "--rows") settings.rows = std::stoll(value);
    else if (flag == "--concurrency") settings.concurrency = std::stoi(value);
    else if (flag == "--pool-size") settings.pool_size = std::stoi(value);
    else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return 2;
    }
  }

  std::printf("%-9s %-8s %11s %5s %8s %8s %10s %8s\n", "backend", "mode", "concurrency", "pool",
              "rows", "seconds", "rows/s", "cpu_s");
  int status = 0;
  if (settings.backend == "all" || settings.backend == "sqlite") {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("sessiond-store-bench-" + std::to_string(getpid()));
    store::DatabaseOptions options;
    options.url = "sqlite:" + (dir / "bench.db").string();
    options.pool_size = settings.pool_size;
    options.sqlite_synchronous = "NORMAL";
    status |= RunOne("sqlite", options,
                     "CREATE TABLE bench_sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
                     " created_at TEXT NOT NULL)",
                     settings.rows > 0 ? settings.rows : 300'000, settings);
    std::filesystem::remove_all(dir);
  }
  if (settings.backend == "all" || settings.backend == "postgres") {
    const char* url = std::getenv("SESSIOND_TEST_PG_URL");
    if (url == nullptr) {
      std::printf("postgres  skipped: SESSIOND_TEST_PG_URL is not set (run under scripts/with-postgres)\n");
    } else {
      store::DatabaseOptions options;
      options.url = url;
      options.pool_size = settings.pool_size;
      status |= RunOne("postgres", options,
                       "CREATE TABLE bench_sessions (id uuid PRIMARY KEY, user_id text NOT NULL,"
                       " created_at timestamptz NOT NULL)",
                       settings.rows > 0 ? settings.rows : 100'000, settings);
    }
  }
  return status;
}

}  // namespace
}  // namespace sessiond::bench

int main(int argc, char** argv) { return sessiond::bench::Main(argc, argv); }
