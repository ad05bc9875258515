#include "cli/simulate_command.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "cli/config_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/logging.hpp"
#include "cli/scheduler_setup.hpp"
#include "cli/simulation_database.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/time_zone.hpp"
#include "scheduler/job_repository.hpp"

namespace sessiond::cli {
namespace {

using scheduler::Job;
using scheduler::Run;

constexpr int kFirstRunPage = 1;
constexpr int kMaxRunPage = 512;
// The simulation's node: its runs say so, and no real node has this name in the copy's runs.
constexpr const char* kNodeId = "simulate";

struct SimulateArgs {
  ConfigOptions config;
  std::string from;
  std::string to;
  bool empty = false;
  std::string jobs_file;
};

core::Result<core::Timestamp> ParseFlagTime(std::string_view flag, const std::string& text) {
  core::Result<core::Timestamp> t = core::Timestamp::Parse(text);
  if (!t) return core::Error::Field(core::ErrorCode::kUnprocessable, flag, t.error().message, text);
  return t;
}

// --jobs FILE: a JSON array of job bodies, as POST /v1/jobs takes them.
core::Result<std::vector<core::Json>> ReadJobsFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::Error::Field(core::ErrorCode::kUnprocessable, "--jobs", "cannot read " + path, path);
  std::stringstream text;
  text << in.rdbuf();
  core::Json parsed;
  try {
    parsed = core::Json::parse(text.str());
  } catch (const core::Json::parse_error& e) {
    return core::Error::Field(core::ErrorCode::kBadRequest, "--jobs",
                              path + " is not JSON: " + e.what(), path);
  }
  if (!parsed.is_array()) {
    return core::Error::Field(core::ErrorCode::kBadRequest, "--jobs",
                              path + " must hold a JSON array of job bodies", path);
  }
  return std::vector<core::Json>(parsed.begin(), parsed.end());
}

// Creates each job, or applies the body to the job of that name (so a file can try another
// schedule for an existing job). All or nothing. Errors: the first body's, prefixed with its
// position in the file.
core::Result<void> ApplyJobs(store::Database& db, const scheduler::JobService& jobs,
                             const std::vector<core::Json>& bodies) {
  return db.Write([&](store::Connection& c) -> core::Result<void> {
    for (size_t i = 0; i < bodies.size(); ++i) {
      const core::Json& body = bodies[i];
      core::Result<Job> applied = core::Error::BadRequest("a job body must be a JSON object");
      if (body.is_object() && body.contains("name") && body["name"].is_string()) {
        std::string name = body["name"].get<std::string>();
        core::Result<std::optional<Job>> found = scheduler::JobRepository::FindJob(c, name);
        if (!found) return found.error();
        core::Json patch = body;
        patch.erase("name");
        applied = *found ? jobs.Update(c, name, patch) : jobs.Create(c, body);
      } else if (body.is_object()) {
        applied = jobs.Create(c, body);  // reports the missing name like the API
      }
      if (!applied) {
        core::Error error = applied.error();
        error.message = "--jobs: job " + std::to_string(i + 1) + ": " + error.message;
        return error;
      }
    }
    return core::Ok();
  });
}

// Sets the copy up to start at `from`: run history emptied (the copy's past runs would only
// interleave with the simulation's in the listing), and every active job's next occurrence set
// to the first at or after `from`, whatever the real clock computed when the job was saved.
// Returns each job's zone, for printing local times.
core::Result<std::map<std::string, core::TimeZone>> ResetTo(store::Database& db,
                                                             core::Timestamp from) {
  std::map<std::string, core::TimeZone> zones;
  core::Result<void> reset = db.Write([&](store::Connection& c) -> core::Result<void> {
    constexpr core::Timestamp kEnd = core::Timestamp::FromSeconds(int64_t{1} << 40);
    // Runs that were in flight in the original are dead here: abandon, then prune everything.
    auto abandoned = scheduler::JobRepository::AbandonStaleRuns(c, kNodeId, kEnd, from);
    if (!abandoned) return abandoned.error();
    auto pruned = scheduler::JobRepository::PruneRuns(c, kEnd, 0);
    if (!pruned) return pruned.error();
    core::Result<std::vector<Job>> jobs = scheduler::JobRepository::ListJobs(c);
    if (!jobs) return jobs.error();
    for (const Job& job : *jobs) {
      core::Result<core::TimeZone> zone = core::TimeZone::Find(job.timezone);
      zones.emplace(job.name, zone ? *zone : core::TimeZone::Utc());
      core::Result<scheduler::Schedule> schedule = scheduler::Schedule::Parse(job.schedule);
      if (!job.active || !schedule || !zone) continue;  // the scheduler logs invalid ones
      std::optional<scheduler::Occurrence> next =
          schedule->NextAfter(from - core::Duration::Micros(1), *zone);
      std::optional<core::Timestamp> next_at;
      if (next) next_at = next->at;
      auto set = scheduler::JobRepository::SetProgress(c, job.name, std::nullopt, next_at);
      if (!set) return set.error();
    }
    return core::Ok();
  });
  if (!reset) return reset.error();
  return zones;
}

// The runs recorded since `last_seen` (all, when null), oldest first; moves `last_seen`.
// Ids grow with the (simulated) time of their decision, and every run here is the
// simulation's, so the newest-first pages can stop at the first id already seen.
core::Result<std::vector<Run>> NewRuns(store::Database& db, std::optional<core::Uuid>& last_seen) {
  std::vector<Run> fresh;
  core::Result<void> read = db.Read([&](store::Connection& c) -> core::Result<void> {
    // A step usually makes one run: small pages first, since a page's rows are all read
    // and decoded (reading 500 at every step was 70 % of a simulation's time).
    scheduler::RunQuery query;
    query.limit = kFirstRunPage;
    while (true) {
      core::Result<scheduler::RunPage> page = scheduler::JobRepository::ListRuns(c, query);
      if (!page) return page.error();
      for (Run& run : page->items) {
        if (last_seen && run.id <= *last_seen) return core::Ok();
        fresh.push_back(std::move(run));
      }
      if (!page->next_cursor) return core::Ok();
      query.before = page->next_cursor;
      query.limit = std::min(query.limit * 2, kMaxRunPage);
    }
  });
  if (!read) return read.error();
  if (!fresh.empty()) last_seen = fresh.front().id;
  return std::vector<Run>(fresh.rbegin(), fresh.rend());
}

// What the simulation saw, per job and status.
class Tally {
 public:
  explicit Tally(const std::map<std::string, core::TimeZone>& zones) : zones_(zones) {
    for (const auto& [name, zone] : zones_) width_ = std::max(width_, name.size());
  }
  // Prints "scheduled_for  local time in the job's zone  job  trigger  status  [error]".
  void Print(const Run& run) {
    auto zone = zones_.find(run.job);
    std::string local = zone != zones_.end() ? zone->second.FormatLocal(run.scheduled_for) : "-";
    std::string job = run.job + std::string(width_ > run.job.size() ? width_ - run.job.size() : 0, ' ');
    std::string trigger(scheduler::TriggerName(run.trigger));
    trigger.resize(8, ' ');
    std::cout << run.scheduled_for.ToRfc3339() << "  " << local << "  " << job << "  " << trigger
              << "  " << scheduler::RunStatusName(run.status)
              << (run.error.empty() ? "" : "  " + run.error) << "\n";
    ++counts_[run.job][std::string(scheduler::RunStatusName(run.status))];
    ++total_;
  }
  void PrintSummary(core::Timestamp from, core::Timestamp to) const {
    std::cout << "summary: " << total_ << " run(s) from " << from.ToRfc3339() << " to "
              << to.ToRfc3339() << "\n";
    for (const auto& [name, zone] : zones_) {
      auto it = counts_.find(name);
      int runs = 0;
      std::string detail;
      if (it != counts_.end()) {
        for (const auto& [status, n] : it->second) {
          runs += n;
          detail += (detail.empty() ? "" : ", ") + std::to_string(n) + " " + status;
        }
      }
      std::cout << "  " << name << std::string(width_ - name.size(), ' ') << "  " << runs
                << " run(s)" << (detail.empty() ? "" : " (" + detail + ")") << "\n";
    }
  }

 private:
  const std::map<std::string, core::TimeZone>& zones_;
  size_t width_ = 0;
  std::map<std::string, std::map<std::string, int>> counts_;
  int total_ = 0;
};

int RunSimulate(const SimulateArgs& args) {
  core::Result<core::Timestamp> from = ParseFlagTime("--from", args.from);
  if (!from) return ReportError(from.error());
  core::Result<core::Timestamp> to = ParseFlagTime("--to", args.to);
  if (!to) return ReportError(to.error());
  if (*to < *from) {
    return ReportError(core::Error::Field(core::ErrorCode::kUnprocessable, "--to",
                                          "--to must not be before --from", args.to));
  }
  std::vector<core::Json> bodies;
  if (!args.jobs_file.empty()) {
    core::Result<std::vector<core::Json>> read = ReadJobsFile(args.jobs_file);
    if (!read) return ReportError(read.error());
    bodies = std::move(*read);
  }
  core::Result<core::Config> config = args.config.Load();
  if (!config) return ReportError(config.error());
  SetUpLogging(config->log.level);

  auto simulation = SimulationDatabase::Create(config->store, args.empty);
  if (!simulation) return ReportError(simulation.error());
  store::Database& db = (*simulation)->db();
  core::SimulatedClock clock(*from);
  core::MetricsRegistry metrics;
  core::Config simulated = *config;
  simulated.scheduler.node_id = kNodeId;
  simulated.scheduler.workers = 0;  // no threads: this one drives, with RunDueHere()
  std::unique_ptr<SchedulerParts> parts = BuildScheduler(db, clock, metrics, simulated);
  if (args.empty && config->scheduler.default_jobs) {
    if (core::Result<void> installed = parts->InstallDefaultJobs(db); !installed) {
      return ReportError(installed.error());
    }
  }
  if (core::Result<void> applied = ApplyJobs(db, *parts->jobs, bodies); !applied) {
    return ReportError(applied.error());
  }
  auto zones = ResetTo(db, *from);
  if (!zones) return ReportError(zones.error());

  // The drive: jump the clock straight to the next instant the loop would wake for, and run
  // everything due at that instant to its end on this thread before the next jump. Time never
  // passes in between, so a year costs what its runs cost, not what its seconds do.
  scheduler::Scheduler& scheduler = *parts->scheduler;
  if (core::Result<void> started = scheduler.Start(); !started) return ReportError(started.error());
  Tally tally(*zones);
  std::optional<core::Uuid> last_seen;
  while (true) {
    scheduler.RunDueHere();
    core::Result<std::vector<Run>> runs = NewRuns(db, last_seen);
    if (!runs) {
      scheduler.Stop();
      return ReportError(runs.error());
    }
    for (const Run& run : *runs) tally.Print(run);
    std::optional<core::Timestamp> next = scheduler.NextWakeForTest();
    if (!next || *next > *to) break;
    if (*next <= clock.Now()) {  // settled means nothing is due now: a bug if it is
      scheduler.Stop();
      return ReportError(core::Error::Internal("the scheduler settled with work due at " +
                                               next->ToRfc3339()));
    }
    clock.Set(*next);
  }
  scheduler.Stop();
  tally.PrintSummary(*from, *to);
  return kExitOk;
}

}  // namespace

void AddSimulateCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* command = app.add_subcommand(
      "simulate", "Run the scheduler over a simulated span on a copy of the database");
  command->add_option("--from", args->from, "simulated start (RFC 3339), inclusive")->required();
  command->add_option("--to", args->to, "simulated end (RFC 3339), inclusive")->required();
  command->add_flag("--empty", args->empty,
                    "simulate on a new database with the default jobs, not a copy");
  command->add_option("--jobs", args->jobs_file,
                      "JSON array of job bodies (as POST /v1/jobs) to add or replace");
  args->config.AddTo(*command);
  command->callback([args, &exit_code] { exit_code = RunSimulate(*args); });
}

}  // namespace sessiond::cli
