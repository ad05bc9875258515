#include "cli/jobs_command.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/logging.hpp"
#include "cli/open_database.hpp"
#include "cli/scheduler_setup.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "scheduler/job_repository.hpp"
#include "scheduler/job_service.hpp"
#include "store/migrator.hpp"

namespace sessiond::cli {
namespace {

using scheduler::JobView;
using scheduler::Run;

constexpr int kDefaultHistoryLimit = 20;
constexpr int kMaxHistoryLimit = 1000;  // as GET /v1/jobs/{name}/runs

// The arguments of every `jobs` subcommand; only one subcommand runs per process.
struct JobsArgs {
  ConfigOptions config;
  std::string name;
  std::string status;
  int limit = kDefaultHistoryLimit;
};

// Runs `fn(connection)` returning Result<T> in a read (or write) and hands back its value.
template <typename T, typename Fn>
core::Result<T> InStore(store::Database& db, bool write, Fn fn) {
  std::optional<core::Result<T>> out;
  auto work = [&](store::Connection& c) -> core::Result<void> {
    out.emplace(fn(c));
    if (!*out) return out->error();
    return core::Ok();
  };
  core::Result<void> done = write ? db.Write(work) : db.Read(work);
  if (!done) return done.error();
  return std::move(*out);
}

// A job store opened for one command, with the scheduler and families built on it (not
// started): job validation needs every task this binary ships.
struct JobsEnv {
  core::Config config;
  std::unique_ptr<store::Database> db;
  core::SystemClock clock;
  core::MetricsRegistry metrics;  // this process's; nobody scrapes it
  std::unique_ptr<SchedulerParts> parts;
};

core::Result<std::unique_ptr<JobsEnv>> OpenJobsEnv(const ConfigOptions& options) {
  auto env = std::make_unique<JobsEnv>();
  auto db = OpenJobStore(options, env->config);
  if (!db) return db.error();
  env->db = std::move(*db);
  env->parts = BuildScheduler(*env->db, env->clock, env->metrics, env->config);
  return env;
}

// Prints rows as columns padded to their widest cell, the first row being the header.
void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    std::cout << line << "\n";
  }
}

std::string OrDash(const std::optional<core::Timestamp>& t) { return t ? t->ToRfc3339() : "-"; }

int RunList(const JobsArgs& args) {
  auto env = OpenJobsEnv(args.config);
  if (!env) return ReportError(env.error());
  auto views = InStore<std::vector<JobView>>(*(*env)->db, false, [&](store::Connection& c) {
    return (*env)->parts->jobs->List(c);
  });
  if (!views) return ReportError(views.error());
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "SCHEDULE", "TIMEZONE", "TASK", "ACTIVE", "NEXT_RUN_AT", "LAST_RUN"}};
  for (const JobView& view : *views) {
    const scheduler::Job& job = view.job;
    rows.push_back({job.name, job.schedule, job.timezone, job.task, job.active ? "yes" : "no",
                    OrDash(job.next_run_at),
                    view.last_run ? std::string(RunStatusName(view.last_run->status)) : "-"});
  }
  PrintTable(rows);
  return kExitOk;
}

int RunShow(const JobsArgs& args) {
  auto env = OpenJobsEnv(args.config);
  if (!env) return ReportError(env.error());
  auto view = InStore<JobView>(*(*env)->db, false, [&](store::Connection& c) {
    return (*env)->parts->jobs->Get(c, args.name);
  });
  if (!view) return ReportError(view.error());
  std::cout << scheduler::JobToJson(view->job, view->last_run).dump(2) << "\n";
  return kExitOk;
}

int RunSetActive(const JobsArgs& args, bool active) {
  auto env = OpenJobsEnv(args.config);
  if (!env) return ReportError(env.error());
  auto job = InStore<scheduler::Job>(*(*env)->db, true, [&](store::Connection& c) {
    return (*env)->parts->jobs->SetActive(c, args.name, active);
  });
  if (!job) return ReportError(job.error());
  if (active) {
    std::cout << "resumed job " << job->name << "; next run at " << OrDash(job->next_run_at)
              << "\n";
  } else {
    std::cout << "paused job " << job->name << "\n";
  }
  return kExitOk;
}

int RunHistory(const JobsArgs& args) {
  scheduler::RunQuery query;
  query.job = args.name;
  query.limit = args.limit;
  if (!args.status.empty()) {
    query.status = scheduler::ParseRunStatus(args.status);
    if (!query.status) {
      return ReportError(core::Error::Field(
          core::ErrorCode::kUnprocessable, "--status",
          "--status must be running, succeeded, failed, timed_out, skipped or abandoned",
          args.status));
    }
  }
  core::Config config;
  auto db = OpenJobStore(args.config, config);
  if (!db) return ReportError(db.error());
  auto page = InStore<scheduler::RunPage>(**db, false, [&](store::Connection& c)
                                                           -> core::Result<scheduler::RunPage> {
    core::Result<std::optional<scheduler::Job>> job = scheduler::JobRepository::FindJob(c, args.name);
    if (!job) return job.error();
    if (!*job) return core::Error::NotFound("no job named '" + args.name + "'");
    return scheduler::JobRepository::ListRuns(c, query);
  });
  if (!page) return ReportError(page.error());
  for (const Run& run : page->items) std::cout << FormatRunLine(run) << "\n";
  return kExitOk;
}

// Executes the job here and now. Not through a started scheduler: see scheduler_direct.cpp.
int RunRun(const JobsArgs& args) {
  auto env = OpenJobsEnv(args.config);
  if (!env) return ReportError(env.error());
  SchedulerParts& parts = *(*env)->parts;
  auto view = InStore<JobView>(*(*env)->db, false, [&](store::Connection& c) {
    return parts.jobs->Get(c, args.name);
  });
  if (!view) return ReportError(view.error());
  core::Result<Run> run = parts.scheduler->RunDirect(
      view->job, scheduler::Occurrence{(*env)->clock.Now()}, scheduler::Trigger::kManual);
  if (!run) return ReportError(run.error());
  std::cout << scheduler::RunToJson(*run).dump(2) << "\n";
  return run->status == scheduler::RunStatus::kSucceeded ? kExitOk : kExitFailure;
}

CLI::App* AddNamed(CLI::App& jobs, const std::string& verb, const std::string& help,
                   const std::shared_ptr<JobsArgs>& args) {
  CLI::App* command = jobs.add_subcommand(verb, help);
  command->add_option("name", args->name, "job name")->required();
  args->config.AddTo(*command);
  return command;
}

}  // namespace

core::Result<std::unique_ptr<store::Database>> OpenJobStore(const ConfigOptions& options,
                                                            core::Config& config) {
  core::Result<core::Config> loaded = options.Load();
  if (!loaded) return loaded.error();
  config = *loaded;
  SetUpLogging(config.log.level);
  core::Result<std::unique_ptr<store::Database>> db = OpenDatabase(config.store);
  if (!db) return db.error();
  core::Result<int> version = store::CurrentSchemaVersion(**db);
  if (!version) return version.error();
  const auto& embedded = store::EmbeddedMigrations((*db)->backend());
  int expected = embedded.empty() ? 0 : embedded.back().version;
  if (*version != expected) {
    return core::Error::Unavailable(
        "the database schema is at version " + std::to_string(*version) + ", this binary needs " +
        std::to_string(expected) +
        (*version < expected ? ": run `sessiond migrate` first" : ": use a newer sessiond"));
  }
  return db;
}

std::string FormatRunLine(const Run& run) {
  // Instants have a fixed width; the longest trigger and status names have 8 and 9 characters.
  auto pad = [](std::string_view text, size_t width) {
    std::string out(text);
    if (out.size() < width) out.resize(width, ' ');
    return out;
  };
  std::string attempt = std::to_string(run.attempt);
  std::string status(RunStatusName(run.status));
  std::string line = run.started_at.ToRfc3339() + "  " + run.scheduled_for.ToRfc3339() + "  " +
                     pad(TriggerName(run.trigger), 8) + "  " +
                     std::string(attempt.size() < 2 ? 2 - attempt.size() : 0, ' ') + attempt +
                     "  " + (run.error.empty() ? status : pad(status, 9) + "  " + run.error);
  return line;
}

void AddJobsCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<JobsArgs>();
  CLI::App* jobs = app.add_subcommand("jobs", "List, inspect, run, pause and resume jobs");
  jobs->require_subcommand(1);

  CLI::App* list = jobs->add_subcommand("list", "Print every job as a table");
  args->config.AddTo(*list);
  list->callback([args, &exit_code] { exit_code = RunList(*args); });

  AddNamed(*jobs, "show", "Print one job as JSON", args)->callback([args, &exit_code] {
    exit_code = RunShow(*args);
  });
  AddNamed(*jobs, "run", "Run a job now in this process and print the run", args)
      ->callback([args, &exit_code] { exit_code = RunRun(*args); });
  AddNamed(*jobs, "pause", "Stop a job's schedule (runs in flight finish)", args)
      ->callback([args, &exit_code] { exit_code = RunSetActive(*args, false); });
  AddNamed(*jobs, "resume", "Restart a job's schedule from now (no catch-up)", args)
      ->callback([args, &exit_code] { exit_code = RunSetActive(*args, true); });

  CLI::App* history = AddNamed(*jobs, "history", "Print a job's runs, newest first", args);
  history->add_option("--status", args->status,
                      "only runs in this state: running, succeeded, failed, timed_out, "
                      "skipped, abandoned");
  history->add_option("--limit", args->limit, "at most this many runs")
      ->check(CLI::Range(1, kMaxHistoryLimit))
      ->capture_default_str();
  history->callback([args, &exit_code] { exit_code = RunHistory(*args); });
}

}  // namespace sessiond::cli
