#pragma once

// Internal state of Scheduler, shared by its .cpp files (scheduler.cpp: the loop and
// refresh; scheduler_dispatch.cpp: due work and claims; scheduler_runs.cpp: executing runs).
#include <atomic>
#include <deque>

#include "scheduler/scheduler.hpp"

namespace sessiond::scheduler {

// One unit of work the loop decided on: a run to claim and start, or an occurrence to record
// as skipped.
struct Scheduler::Dispatch {
  Job job;                       // snapshot at decision time
  core::Uuid run_id;             // assigned up front so RunNow can answer with it
  Occurrence occurrence;
  Trigger trigger = Trigger::kSchedule;
  int attempt = 1;
  RunStatus initial = RunStatus::kRunning;  // kSkipped: recorded, not run
  std::string skip_reason;
  // Progress to record with the claim (scheduled and catch-up runs only): the occurrence
  // handled, and the earliest one not yet claimed.
  bool records_progress = false;
  std::optional<core::Timestamp> next_unclaimed;
};

// A job as the loop sees it.
struct Scheduler::JobState {
  Job job;
  std::optional<Schedule> schedule;  // nullopt when the stored expression no longer parses
  core::TimeZone zone = core::TimeZone::Utc();
  std::optional<Occurrence> next;    // the next occurrence to fire (null when paused)
  int running = 0;                   // runs claimed or running now
  std::deque<Dispatch> queued;       // waiting for the running one (overlap `queue`,
                                     // catch-up, backfill and retries run one at a time)
  bool deleted = false;              // gone from the store; kept until its runs end
};

// A run in flight on a worker.
struct Scheduler::ActiveRun {
  Run run;
  Job job;
  core::Timestamp deadline;          // started_at + job.timeout
  std::atomic<bool> cancelled{false};
  bool timed_out = false;            // guarded by Scheduler::mu_
};

}  // namespace sessiond::scheduler
