// The real Scheduler on the system clock, on a scratch SQLite database and, when
// SESSIOND_TEST_PG_URL is set, a scratch schema of that PostgreSQL server. Prints figures;
// asserts nothing (bench/README.md, "Scheduler").
//
//   dispatch_bench [--backend sqlite|postgres|all] [--jobs N] [--seconds S] [--burst B]
//                  [--per-second]
//
// Steady: N jobs `every 1s` running `noop` (so N occurrences come due at every whole second);
// after a second of warm-up, the occurrences of S seconds are measured from their run rows:
// lateness = started_at - scheduled_for (p50, p99, max), runs recorded against expected, and
// the process's CPU time (getrusage: scheduler, store and worker threads) per wall second.
//
// Burst: B jobs whose one occurrence is the same instant (a daily cron at a whole second
// 10 s ahead); the figure is the last started_at minus that instant. The run rows'
// started_at is when the loop dispatched the run; the task itself starts once the claim
// commits, so finished_at - instant is printed too, an upper bound of when each task ran.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/time_zone.hpp"
#include "scheduler/job_service.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/tasks/noop_task.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"

namespace sessiond::bench {
namespace {

using core::Duration;
using core::Timestamp;

struct Settings {
  std::string backend = "all";
  int jobs = 1000;
  int seconds = 20;
  int burst = 10'000;
  bool per_second = false;  // also print each instant's wake-up and dispatch spread
};

// Distinct from the key `serve` uses, so a server on the same PostgreSQL never competes.
constexpr int64_t kLeaderKey = 0x62656e6368;
// The burst instant is this far ahead of the moment its jobs are created: enough to insert
// and load 10,000 jobs on a loaded machine.
constexpr Duration kBurstLead = Duration::Seconds(10);
// Time given to the last runs of a window to finish before the scheduler stops.
constexpr Duration kSettle = Duration::Millis(1500);

[[noreturn]] void Die(const std::string& what, const core::Error& error) {
  std::fprintf(stderr, "dispatch_bench: %s: %s\n", what.c_str(), error.ToString().c_str());
  std::exit(1);
}

std::string RandomSuffix() {
  std::random_device device;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%08x%08x", device(), device());
  return buf;
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void SleepUntil(const core::Clock& clock, Timestamp t) {
  Duration left = t - clock.Now();
  if (left > Duration()) std::this_thread::sleep_for(left.ToChrono());
}

// A scratch database: a file in a temporary directory, or a schema of the PostgreSQL server
// (dropped at the end), migrated.
class Scratch {
 public:
  Scratch(store::Backend backend, const std::string& pg_url) : backend_(backend), pg_url_(pg_url) {
    store::DatabaseOptions options;
    if (backend == store::Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("sessiond-dispatch-" + RandomSuffix());
      options.url = "sqlite:" + (dir_ / "bench.db").string();
    } else {
      schema_ = "dispatch_bench_" + RandomSuffix();
      Admin("CREATE SCHEMA " + schema_);
      char separator = pg_url.find('?') == std::string::npos ? '?' : '&';
      options.url = pg_url + separator + "options=-csearch_path%3D" + schema_;
    }
    core::Result<std::unique_ptr<store::Database>> db = store::Database::Open(options);
    if (!db) Die("opening the database", db.error());
    db_ = std::move(*db);
    if (core::Result<store::MigrationReport> migrated = store::Migrate(*db_); !migrated) {
      Die("migrating", migrated.error());
    }
  }
  ~Scratch() {
    db_->Close();
    if (backend_ == store::Backend::kSqlite) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    } else {
      Admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
  }
  store::Database& db() { return *db_; }

 private:
  void Admin(const std::string& sql) {
    store::DatabaseOptions options;
    options.url = pg_url_;
    options.pool_size = 1;
    core::Result<std::unique_ptr<store::Database>> admin = store::Database::Open(options);
    if (!admin) Die("opening the PostgreSQL admin connection", admin.error());
    core::Result<void> done = (*admin)->Write([&](store::Connection& c) { return c.ExecuteScript(sql); });
    if (!done) Die(sql, done.error());
  }

  store::Backend backend_;
  std::string pg_url_;
  std::filesystem::path dir_;
  std::string schema_;
  std::unique_ptr<store::Database> db_;
};

// One scheduler as `serve` builds it (scheduler_setup.cpp): default options, the database's
// leader lock, the noop task.
class Node {
 public:
  explicit Node(store::Database& db) : db_(db), jobs_(tasks_, clock_) {
    tasks_.Register(std::make_unique<scheduler::NoopTask>());
    leadership_ = db.OpenSessionLock(kLeaderKey);
  }

  // Creates `count` jobs named prefix-N in one transaction.
  double CreateJobs(int count, const std::string& prefix, const std::string& schedule) {
    Timestamp begin = clock_.Now();
    core::Result<void> written = db_.Write([&](store::Connection& c) -> core::Result<void> {
      for (int i = 0; i < count; ++i) {
        core::Json body = {{"name", prefix + "-" + std::to_string(i)},
                           {"schedule", schedule},
                           {"task", "noop"}};
        core::Result<scheduler::Job> job = jobs_.Create(c, body);
        if (!job) return job.error();
      }
      return core::Ok();
    });
    if (!written) Die("creating jobs", written.error());
    return double((clock_.Now() - begin).micros()) / 1e6;
  }

  void Start() {
    scheduler::SchedulerOptions options;
    options.node_id = "bench-" + RandomSuffix();
    options.abandon_after =
        db_.backend() == store::Backend::kSqlite ? Duration() : Duration::Seconds(20);
    scheduler_ = std::make_unique<scheduler::Scheduler>(db_, clock_, tasks_, metrics_,
                                                        *leadership_, options);
    if (core::Result<void> started = scheduler_->Start(); !started) Die("starting", started.error());
  }
  // Pauses every job and waits until no claim or run is in flight, then stops. Stopping with
  // claims in flight crashes today: a claim that commits after Stop() has reset the worker
  // pool submits its run to a null pool (StartRun's completion in scheduler_dispatch.cpp),
  // as this benchmark's PostgreSQL steady phase did.
  void Stop() {
    core::Result<void> paused = db_.Write([](store::Connection& c) -> core::Result<void> {
      core::Result<int64_t> n = c.Execute("UPDATE jobs SET active = ?", {false});
      if (!n) return n.error();
      return core::Ok();
    });
    if (!paused) Die("pausing jobs", paused.error());
    scheduler_->Reload();
    if (!scheduler_->WaitIdleForTest(std::chrono::seconds(30))) {
      std::fprintf(stderr, "dispatch_bench: runs still in flight 30 s after pausing\n");
    }
    scheduler_->Stop();
  }

  const core::Clock& clock() const { return clock_; }

 private:
  store::Database& db_;
  core::SystemClock clock_;
  core::MetricsRegistry metrics_;
  scheduler::TaskRegistry tasks_;
  scheduler::JobService jobs_;
  std::unique_ptr<store::SessionLock> leadership_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
};

double Ms(int64_t us) { return double(us) / 1000.0; }

// The scheduled runs of [from, to], as lateness figures.
struct RunStats {
  int64_t total = 0;
  int64_t succeeded = 0;
  int64_t skipped = 0;  // the job's previous run was still going (overlap: skip)
  std::vector<int64_t> started_us;   // started_at - scheduled_for, sorted
  std::vector<int64_t> finished_us;  // finished_at - scheduled_for, sorted (finished runs)
  // Per occurrence instant: the lateness of its first run (the loop's wake-up) and the time
  // from its first to its last run (dispatching them all), each sorted.
  std::vector<int64_t> wake_us;
  std::vector<int64_t> spread_us;
  std::vector<std::string> per_second;  // "instant: runs, wake-up, spread", oldest first
};

RunStats ReadRuns(store::Database& db, Timestamp from, Timestamp to) {
  RunStats stats;
  core::Result<void> read = db.Read([&](store::Connection& c) -> core::Result<void> {
    core::Result<store::Rows> rows = c.Query(
        "SELECT scheduled_for, started_at, finished_at, status FROM job_runs "
        "WHERE trigger = 'schedule' AND scheduled_for >= ? AND scheduled_for <= ?",
        {from, to});
    if (!rows) return rows.error();
    std::map<Timestamp, std::pair<int64_t, int64_t>> by_instant;  // min, max lateness
    for (store::Row row : *rows) {
      ++stats.total;
      Timestamp scheduled = row.Time(0);
      int64_t late = (row.Time(1) - scheduled).micros();
      stats.started_us.push_back(late);
      auto [it, fresh] = by_instant.try_emplace(scheduled, late, late);
      it->second.first = std::min(it->second.first, late);
      it->second.second = std::max(it->second.second, late);
      if (!row.IsNull(2)) stats.finished_us.push_back((row.Time(2) - scheduled).micros());
      std::string status = row.Text(3);
      if (status == "succeeded") ++stats.succeeded;
      if (status == "skipped") ++stats.skipped;
    }
    for (const auto& [instant, range] : by_instant) {
      stats.wake_us.push_back(range.first);
      stats.spread_us.push_back(range.second - range.first);
      char line[96];
      std::snprintf(line, sizeof line, "%s: wake-up %.2f ms, first to last %.2f ms",
                    instant.ToRfc3339().c_str(), Ms(range.first), Ms(range.second - range.first));
      stats.per_second.push_back(line);
    }
    return core::Ok();
  });
  if (!read) Die("reading runs", read.error());
  std::sort(stats.started_us.begin(), stats.started_us.end());
  std::sort(stats.finished_us.begin(), stats.finished_us.end());
  std::sort(stats.wake_us.begin(), stats.wake_us.end());
  std::sort(stats.spread_us.begin(), stats.spread_us.end());
  return stats;
}

double Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = std::min(sorted.size() - 1, size_t(p * double(sorted.size())));
  return Ms(sorted[i]);
}

void Steady(store::Backend backend, const std::string& name, const std::string& pg_url,
            const Settings& settings) {
  Scratch scratch(backend, pg_url);
  Node node(scratch.db());
  double created = node.CreateJobs(settings.jobs, "steady", "every 1s");
  node.Start();
  const core::Clock& clock = node.clock();
  // Whole seconds: the first measured occurrence after a second of warm-up.
  Timestamp first = Timestamp::FromSeconds(clock.Now().seconds() + 2);
  Timestamp last = first + Duration::Seconds(settings.seconds - 1);
  SleepUntil(clock, first - Duration::Millis(500));
  double cpu_begin = CpuSeconds();
  Timestamp wall_begin = clock.Now();
  SleepUntil(clock, last + Duration::Millis(500));
  double cpu = CpuSeconds() - cpu_begin;
  double wall = double((clock.Now() - wall_begin).micros()) / 1e6;
  SleepUntil(clock, last + kSettle);
  node.Stop();

  RunStats runs = ReadRuns(scratch.db(), first, last);
  int64_t expected = int64_t{settings.jobs} * settings.seconds;
  std::printf(
      "%-8s steady: %d jobs every 1s for %d s (created in %.2f s): lateness p50 %.2f ms, "
      "p99 %.2f ms, max %.2f ms (per second: wake-up p50 %.2f max %.2f ms, first to last "
      "dispatch p50 %.2f max %.2f ms); finished p99 %.2f ms; runs %lld of %lld expected, %lld "
      "succeeded, %lld skipped; CPU %.3f core (%.2f s CPU / %.2f s wall)\n",
      name.c_str(), settings.jobs, settings.seconds, created, Percentile(runs.started_us, 0.50),
      Percentile(runs.started_us, 0.99), runs.started_us.empty() ? 0 : Ms(runs.started_us.back()),
      Percentile(runs.wake_us, 0.5), runs.wake_us.empty() ? 0 : Ms(runs.wake_us.back()),
      Percentile(runs.spread_us, 0.5), runs.spread_us.empty() ? 0 : Ms(runs.spread_us.back()),
      Percentile(runs.finished_us, 0.99), static_cast<long long>(runs.total),
      static_cast<long long>(expected), static_cast<long long>(runs.succeeded),
      static_cast<long long>(runs.skipped), cpu / wall, cpu,
      wall);
  if (settings.per_second) {
    for (const std::string& line : runs.per_second) std::printf("  %s\n", line.c_str());
  }
  std::fflush(stdout);
}

void Burst(store::Backend backend, const std::string& name, const std::string& pg_url,
           const Settings& settings) {
  Scratch scratch(backend, pg_url);
  Node node(scratch.db());
  const core::Clock& clock = node.clock();
  // A daily cron, in UTC, at a whole second kBurstLead ahead: every job's one occurrence.
  Timestamp at = Timestamp::FromSeconds((clock.Now() + kBurstLead).seconds());
  core::LocalDateTime wall = core::TimeZone::Utc().ToLocal(at);
  std::string schedule = std::to_string(wall.second) + " " + std::to_string(wall.minute) + " " +
                         std::to_string(wall.hour) + " * * *";
  double created = node.CreateJobs(settings.burst, "burst", schedule);
  node.Start();
  Timestamp ready = clock.Now();
  if (ready >= at) {
    std::printf("%-8s burst: set-up took past the instant (created in %.2f s); no figure\n",
                name.c_str(), created);
    node.Stop();
    return;
  }
  // Runs are recorded until all have finished, or a generous bound.
  Timestamp deadline = at + Duration::Seconds(15);
  RunStats runs;
  SleepUntil(clock, at + Duration::Seconds(1));
  while (true) {
    runs = ReadRuns(scratch.db(), at, at);
    if (int64_t(runs.finished_us.size()) >= settings.burst || clock.Now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  node.Stop();
  runs = ReadRuns(scratch.db(), at, at);
  std::printf(
      "%-8s burst: %d jobs due at one instant (created in %.2f s, loaded %.2f s early): last "
      "started %.1f ms after it (p50 %.1f ms); last finished %.1f ms after it; runs %lld of "
      "%d, %lld succeeded\n",
      name.c_str(), settings.burst, created, double((at - ready).micros()) / 1e6,
      runs.started_us.empty() ? 0 : Ms(runs.started_us.back()), Percentile(runs.started_us, 0.5),
      runs.finished_us.empty() ? 0 : Ms(runs.finished_us.back()),
      static_cast<long long>(runs.total), settings.burst, static_cast<long long>(runs.succeeded));
  std::fflush(stdout);
}

bool ParseArgs(int argc, char** argv, Settings& settings) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--per-second") {
      settings.per_second = true;
      continue;
    }
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!value) return false;
    if (arg == "--backend") {
      settings.backend = value;
    } else if (arg == "--jobs") {
      settings.jobs = std::atoi(value);
    } else if (arg == "--seconds") {
      settings.seconds = std::atoi(value);
    } else if (arg == "--burst") {
      settings.burst = std::atoi(value);
    } else {
      return false;
    }
    ++i;
  }
  return settings.jobs > 0 && settings.seconds > 0 && settings.burst > 0 &&
         (settings.backend == "sqlite" || settings.backend == "postgres" ||
          settings.backend == "all");
}

}  // namespace
}  // namespace sessiond::bench

int main(int argc, char** argv) {
  using namespace sessiond;
  bench::Settings settings;
  if (!bench::ParseArgs(argc, argv, settings)) {
    std::fprintf(stderr,
                 "usage: dispatch_bench [--backend sqlite|postgres|all] [--jobs N] [--seconds S] "
                 "[--burst B] [--per-second]\n");
    return 2;
  }
  const char* pg = std::getenv("SESSIOND_TEST_PG_URL");
  std::string pg_url = pg ? pg : "";
  if (settings.backend != "postgres") {
    bench::Steady(store::Backend::kSqlite, "sqlite", "", settings);
    bench::Burst(store::Backend::kSqlite, "sqlite", "", settings);
  }
  if (settings.backend != "sqlite") {
    if (pg_url.empty()) {
      std::printf("postgres skipped: SESSIOND_TEST_PG_URL is not set\n");
    } else {
      bench::Steady(store::Backend::kPostgres, "postgres", pg_url, settings);
      bench::Burst(store::Backend::kPostgres, "postgres", pg_url, settings);
    }
  }
  return 0;
}
