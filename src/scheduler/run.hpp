#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace sessiond::scheduler {

// Why a run exists.
enum class Trigger {
  kSchedule,  // its occurrence came due
  kCatchUp,   // its occurrence was missed while no scheduler ran, and is run late
  kManual,    // POST /v1/jobs/{name}/run or `sessiond jobs run`
  kBackfill,  // POST /v1/jobs/{name}/backfill or `sessiond backfill`
  kRetry,     // a failed or timed-out attempt is tried again
};

// The lifecycle of a run:
//
//   running ──> succeeded          the task returned a result
//      │  ├──> failed              the task returned an error (a retry may follow, as a new run)
//      │  ├──> timed_out           the task passed the job's timeout and was cancelled
//      │  └──> abandoned           the process running it died; found at the next start
//   skipped                        recorded directly: the occurrence came due while the
//                                  previous run was still going and the job's overlap is skip
//
// A run is created `running` (or `skipped`) by Scheduler::StartRun and finished exactly once
// by Scheduler::FinishRun (or, for store-writing tasks, TaskContext::Commit, in the same
// transaction as the task's effects). Only `running` ever changes; the others are final.
// At most one scheduled or catch-up run that is not abandoned exists per (job,
// scheduled_for): the schema's partial unique index makes each occurrence run once.
enum class RunStatus { kRunning, kSucceeded, kFailed, kTimedOut, kSkipped, kAbandoned };

std::string_view TriggerName(Trigger trigger);
std::optional<Trigger> ParseTrigger(std::string_view text);
std::string_view RunStatusName(RunStatus status);
std::optional<RunStatus> ParseRunStatus(std::string_view text);

struct Run {
  core::Uuid id;
  std::string job;
  core::Timestamp scheduled_for;  // the occurrence it serves (the request time for manual)
  Trigger trigger = Trigger::kSchedule;
  int attempt = 1;
  core::Timestamp started_at;
  std::optional<core::Timestamp> finished_at;
  RunStatus status = RunStatus::kRunning;
  core::Json result;              // the task's summary; null until it succeeds
  std::string error;
  bool dst_shifted = false;
  std::string node;               // the node that ran it
};

core::Json RunToJson(const Run& run);

}  // namespace sessiond::scheduler
