// The recurring family's hot paths, through its repository and generator, on SQLite (and on
// PostgreSQL when SESSIOND_TEST_PG_URL is set). Prints seconds; asserts nothing.
//
//   recurring_bench [--templates N] [--sessions N]
//
// 1. generate: N (1,000) templates FREQ=WEEKLY;BYDAY=MO,WE,FR, 30 days ahead, in one
//    transaction as the generate-recurring-sessions task runs it (~13,000 sessions); then the
//    same again, which creates nothing (the daily re-run).
// 2. sweeps: with 100,000 sessions stored and none due, one activation and one closing sweep
//    (the UPDATE ... RETURNING and the next-deadline reads), median of 20.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domains/recurring/deadlines.hpp"
#include "domains/recurring/generator.hpp"
#include "domains/recurring/repository.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"

namespace sessiond::bench {
namespace {

using namespace recurring;
using Seconds = std::chrono::duration<double>;

double Since(std::chrono::steady_clock::time_point start) {
  return Seconds(std::chrono::steady_clock::now() - start).count();
}

void Check(const core::Result<void>& r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().ToString().c_str());
    std::exit(1);
  }
}

void Run(store::Database& db, const char* label, int templates, int sessions) {
  core::SimulatedClock clock(*core::Timestamp::Parse("2026-03-01T00:00:00Z"));
  core::UuidGenerator ids;
  core::Timestamp now = clock.Now();
  Check(db.Write([&](store::Connection& c) -> core::Result<void> {
    for (int i = 0; i < templates; ++i) {
      SessionTemplate t;
      t.id = ids.NewV7(now);
      t.name = "class " + std::to_string(i);
      t.timezone = i % 2 ? "Europe/Berlin" : "America/New_York";
      t.rule = *Rule::Parse("FREQ=WEEKLY;BYDAY=MO,WE,FR");
      t.start_time = TimeOfDay{18, 0, 0};
      t.length.duration = core::Duration::Minutes(90);
      t.starts_on = core::Date(2026, 3, 1);
      t.created_at = t.updated_at = now;
      if (auto r = Repository::InsertTemplate(c, t); !r) return r;
    }
    return core::Ok();
  }), "templates");

  {
    // The expansion alone (libical and the zone), without the store.
    auto start = std::chrono::steady_clock::now();
    size_t occurrences = 0;
    Check(db.Read([&](store::Connection& c) -> core::Result<void> {
      core::Result<std::vector<SessionTemplate>> active = Repository::ActiveTemplates(c);
      if (!active) return active.error();
      for (const SessionTemplate& t : *active) {
        core::Result<Series> series = t.ToSeries();
        if (!series) return series.error();
        core::Date today = series->zone.ToLocal(now).date;
        auto found = series->Between(today.AddDays(-1), today.AddDays(kDefaultDaysAhead));
        if (!found) return found.error();
        occurrences += found->size();
      }
      return core::Ok();
    }), "expand");
    std::printf("%s expand only: %zu occurrences, %.3f s\n", label, occurrences, Since(start));
  }
  for (int round = 0; round < 2; ++round) {
    int created = 0;
    auto start = std::chrono::steady_clock::now();
    Check(db.Write([&](store::Connection& c) -> core::Result<void> {
      core::Result<std::vector<SessionTemplate>> active = Repository::ActiveTemplates(c);
      if (!active) return active.error();
      for (const SessionTemplate& t : *active) {
        core::Result<Generated> g = GenerateSessions(c, t, now, kDefaultDaysAhead, "schedule", ids);
        if (!g) return g.error();
        created += g->created;
      }
      return core::Ok();
    }), "generate");
    std::printf("%s generate %s: %d templates, %d sessions created, %.3f s\n", label,
                round == 0 ? "first run " : "second run", templates, created, Since(start));
  }

  // Fill up to `sessions` with future one-off sessions, then time the sweeps at a moment when
  // nothing is due (every session starts in the future).
  Check(db.Write([&](store::Connection& c) -> core::Result<void> {
    core::Result<store::Rows> n = c.Query("SELECT COUNT(*) FROM recurring_sessions");
    if (!n) return n.error();
    for (int64_t i = (*n)[0].Int(0); i < sessions; ++i) {
      Session s;
      s.id = ids.NewV7(now);
      s.name = "one-off";
      s.scheduled_date = core::Date(2026, 4, 1);
      s.valid_from = now + core::Duration::Days(31) + core::Duration::Seconds(i);
      s.valid_until = s.valid_from + core::Duration::Hours(1);
      s.timezone = "UTC";
      s.created_at = s.updated_at = now;
      if (auto r = Repository::InsertSession(c, s); !r) return r;
    }
    return core::Ok();
  }), "sessions");
  for (bool activate : {true, false}) {
    std::vector<double> times;
    for (int i = 0; i < 20; ++i) {
      auto start = std::chrono::steady_clock::now();
      Check(db.Write([&](store::Connection& c) -> core::Result<void> {
        auto changed = activate ? Repository::ActivateDue(c, now) : Repository::CloseDue(c, now);
        if (!changed) return changed.error();
        if (!changed->empty()) return core::Error::Internal("something was due");
        core::Result<NextDue> next = NextDue::Read(c, now);
        if (!next) return next.error();
        return core::Ok();
      }), "sweep");
      times.push_back(Since(start));
    }
    std::sort(times.begin(), times.end());
    std::printf("%s %s sweep over %d sessions, nothing due: median %.2f ms, max %.2f ms\n", label,
                activate ? "activation" : "closing", sessions, times[times.size() / 2] * 1e3,
                times.back() * 1e3);
  }
}

}  // namespace
}  // namespace sessiond::bench

int main(int argc, char** argv) {
  using namespace sessiond;
  int templates = 1000, sessions = 100'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--templates") templates = std::atoi(argv[i + 1]);
    else if (flag == "--sessions") sessions = std::atoi(argv[i + 1]);
  }
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "recurring_bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    store::DatabaseOptions options;
    options.url = "sqlite:" + (dir / "bench.db").string();
    auto db = store::Database::Open(options);
    if (!db || !store::Migrate(**db)) return 1;
    bench::Run(**db, "sqlite", templates, sessions);
  }
  std::filesystem::remove_all(dir);
  if (const char* pg = std::getenv("SESSIOND_TEST_PG_URL")) {
    store::DatabaseOptions options;
    options.url = pg;
    auto db = store::Database::Open(options);
    if (!db) return 1;
    // A schema of its own, dropped afterwards, so the bench leaves the database as it was.
    bool ok = (*db)->Write([](store::Connection& c) {
      return c.ExecuteScript("DROP SCHEMA IF EXISTS recurring_bench CASCADE; CREATE SCHEMA recurring_bench");
    }).ok();
    (*db)->Close();
    if (!ok) return 1;
    std::string url = std::string(pg) + (std::string(pg).find('?') == std::string::npos ? "?" : "&") +
                      "options=-csearch_path%3Drecurring_bench";
    options.url = url;
    auto scoped = store::Database::Open(options);
    if (!scoped || !store::Migrate(**scoped)) return 1;
    bench::Run(**scoped, "postgres", templates, sessions);
    (void)(*scoped)->Write([](store::Connection& c) { return c.ExecuteScript("DROP SCHEMA recurring_bench CASCADE"); });
  }
  return 0;
}
