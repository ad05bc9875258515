#include "cli/backfill_command.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "cli/config_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/jobs_command.hpp"
#include "cli/scheduler_setup.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"

namespace sessiond::cli {
namespace {

struct BackfillArgs {
  ConfigOptions config;
  std::string job;
  std::string from;
  std::string to;
};

core::Result<core::Timestamp> ParseFlagTime(std::string_view flag, const std::string& text) {
  core::Result<core::Timestamp> t = core::Timestamp::Parse(text);
  if (!t) return core::Error::Field(core::ErrorCode::kUnprocessable, flag, t.error().message, text);
  return t;
}

int RunBackfill(const BackfillArgs& args) {
  core::Result<core::Timestamp> from = ParseFlagTime("--from", args.from);
  if (!from) return ReportError(from.error());
  core::Result<core::Timestamp> to = ParseFlagTime("--to", args.to);
  if (!to) return ReportError(to.error());
  core::Config config;
  auto db = OpenJobStore(args.config, config);
  if (!db) return ReportError(db.error());
  core::SystemClock clock;
  core::MetricsRegistry metrics;  // this process's; nobody scrapes it
  std::unique_ptr<SchedulerParts> parts = BuildScheduler(**db, clock, metrics, config);

  scheduler::Job job;
  std::vector<scheduler::Occurrence> plan;
  core::Result<void> planned = (*db)->Read([&](store::Connection& c) -> core::Result<void> {
    core::Result<scheduler::JobView> view = parts->jobs->Get(c, args.job);
    if (!view) return view.error();
    job = view->job;
    auto occurrences = parts->jobs->PlanBackfill(c, args.job, *from, *to,
                                                 scheduler::Scheduler::kBackfillLimit);
    if (!occurrences) return occurrences.error();
    plan = std::move(*occurrences);
    return core::Ok();
  });
  if (!planned) return ReportError(planned.error());
  if (plan.empty()) {
    std::cout << "nothing to backfill: every occurrence of " << job.name << " in [" << args.from
              << ", " << args.to << "] has a succeeded run\n";
    return kExitOk;
  }

  // One at a time, oldest first, as the server's backfill queue runs them; a failure does not
  // stop the rest (each occurrence is independent, and a later backfill retries the failed).
  int failed = 0;
  for (const scheduler::Occurrence& occurrence : plan) {
    core::Result<scheduler::Run> run =
        parts->scheduler->RunDirect(job, occurrence, scheduler::Trigger::kBackfill);
    if (!run) return ReportError(run.error());
    if (run->status != scheduler::RunStatus::kSucceeded) ++failed;
    std::cout << FormatRunLine(*run) << std::endl;  // flushed: progress of a long backfill
  }
  std::cout << plan.size() << " run(s), " << plan.size() - failed << " succeeded, " << failed
            << " did not\n";
  return failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace

void AddBackfillCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BackfillArgs>();
  CLI::App* command = app.add_subcommand(
      "backfill", "Run a job's missed occurrences in a time range, in this process");
  command->add_option("job", args->job, "job name")->required();
  command->add_option("--from", args->from, "first instant of the range (RFC 3339), inclusive")
      ->required();
  command->add_option("--to", args->to, "last instant of the range (RFC 3339), inclusive")
      ->required();
  args->config.AddTo(*command);
  command->callback([args, &exit_code] { exit_code = RunBackfill(*args); });
}

}  // namespace sessiond::cli
