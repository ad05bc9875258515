#include "cli/schedule_command.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/exit_codes.hpp"
#include "core/clock.hpp"
#include "core/time_zone.hpp"
#include "scheduler/schedule.hpp"

namespace sessiond::cli {
namespace {

// The same bounds as GET /v1/schedules/preview.
constexpr int kDefaultCount = 10;
constexpr int kMaxCount = 1000;

struct PreviewArgs {
  std::string expression;
  std::string zone = "UTC";
  int count = kDefaultCount;
  std::string from;  // empty = now
};

int RunPreview(const PreviewArgs& args) {
  core::Result<scheduler::Schedule> schedule = scheduler::Schedule::Parse(args.expression);
  if (!schedule) return ReportError(schedule.error());
  core::Result<core::TimeZone> zone = core::TimeZone::Find(args.zone);
  if (!zone) return ReportError(zone.error());
  core::Timestamp after = core::SystemClock().Now();
  if (!args.from.empty()) {
    core::Result<core::Timestamp> from = core::Timestamp::Parse(args.from);
    if (!from) {
      return ReportError(core::Error::Field(core::ErrorCode::kUnprocessable, "--from",
                                            from.error().message, args.from));
    }
    // Inclusive, as a backfill range is: an occurrence exactly at --from is listed.
    after = *from - core::Duration::Micros(1);
  }
  for (int i = 0; i < args.count; ++i) {
    std::optional<scheduler::Occurrence> next = schedule->NextAfter(after, *zone);
    if (!next) break;  // the schedule never fires again (e.g. 30 2 30 2 *)
    std::cout << next->at.ToRfc3339() << "  " << zone->FormatLocal(next->at)
              << (next->dst_shifted ? "  dst-shifted" : "") << "\n";
    after = next->at;
  }
  return kExitOk;
}

}  // namespace

void AddScheduleCommand(CLI::App& app, int& exit_code) {
  CLI::App* schedule = app.add_subcommand("schedule", "Work with schedule expressions");
  schedule->require_subcommand(1);
  auto args = std::make_shared<PreviewArgs>();
  CLI::App* preview =
      schedule->add_subcommand("preview", "Print the next occurrences of a schedule expression");
  preview->add_option("expression", args->expression,
                      "cron (5 or 6 fields, @daily...) or interval (every 90s)")
      ->required();
  preview->add_option("--tz", args->zone, "IANA time zone the wall times are read in")
      ->capture_default_str();
  preview->add_option("--count", args->count, "how many occurrences")
      ->check(CLI::Range(1, kMaxCount))
      ->capture_default_str();
  preview->add_option("--from", args->from, "list occurrences at or after this instant (RFC 3339); "
                                            "default now");
  preview->callback([args, &exit_code] { exit_code = RunPreview(*args); });
}

}  // namespace sessiond::cli
