#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/time_zone.hpp"
#include "core/uuid.hpp"
#include "scheduler/job.hpp"
#include "store/session_lock.hpp"
#include "scheduler/run.hpp"
#include "scheduler/schedule.hpp"
#include "scheduler/scheduler_metrics.hpp"
#include "scheduler/task_registry.hpp"
#include "scheduler/worker_pool.hpp"
#include "store/database.hpp"

namespace sessiond::scheduler {

// Settings of the scheduler; every field has the default `serve` uses.
struct SchedulerOptions {
  std::string node_id;                                      // unique per process
  // Runs at the same time. 0: no threads at all; the caller does the loop's work with
  // RunDueHere() (`simulate`, on a SimulatedClock).
  int workers = 8;
  core::Duration refresh_interval = core::Duration::Seconds(2);  // re-read jobs, check leadership
  // A `running` run whose node has sent no heartbeat for this long is abandoned (its process
  // died). 0 abandons every run of another node at start: right for a single node (SQLite).
  core::Duration abandon_after = core::Duration::Seconds(20);
  core::Duration retry_base = core::Duration::Seconds(10);  // first retry delay, doubling
  core::Duration retry_max = core::Duration::Hours(1);      // longest retry delay
};

// This node's view, for GET /v1/scheduler.
struct SchedulerStatus {
  std::string node;
  bool leading = false;
  std::string leader;  // empty when no node leads
  int jobs = 0;
  int running = 0;
};

// The scheduler (DESIGN.md, "Scheduler"): one thread sleeps until the earliest of the next
// occurrence, deadline, retry or run timeout, then hands runs to a worker pool. It reads time
// only from the injected Clock, so a SimulatedClock drives it in tests and `simulate`.
// Jobs live in the store; this object keeps their next occurrences in memory and re-reads
// them every refresh interval and on Reload(). Thread-safe.
class Scheduler {
 public:
  // Every reference must outlive the scheduler.
  Scheduler(store::Database& db, const core::Clock& clock, const TaskRegistry& tasks,
            core::MetricsRegistry& metrics, store::SessionLock& leadership, SchedulerOptions options);
  ~Scheduler();

  // Marks runs left `running` by dead processes `abandoned`, catches up the occurrences missed
  // while no scheduler ran, then starts the loop. Errors: the store's.
  core::Result<void> Start();
  // Stops dispatching, cancels running tasks cooperatively, waits for them, gives leadership up.
  void Stop();

  // A domain's "something of mine is due at `at`": the task's sweep runs at that instant (on
  // this node), with the params of the first active job naming the task, or {} when none.
  // Only the earliest instant per task is kept (a check-in a second at 30,000/s would
  // otherwise pile up millions): a sweep must therefore arm its own next instant, read from
  // the store, when it finishes. Wakes the loop only when the earliest instant moves earlier.
  // Ignored until Start() (a node that runs no scheduler keeps no deadlines: the job naming
  // the task, on the node that leads, is then the net).
  void WakeAt(std::string_view task, core::Timestamp at);
  // Jobs changed (created, edited, deleted): re-read them now rather than at the next refresh.
  void Reload();

  // Runs `job` now on this node (trigger `manual`), honouring its overlap policy: returns the
  // run as planned (running or queued behind the current run, or skipped). Never blocks.
  Run RunNow(const Job& job);
  // Queues runs of `occurrences` (from JobService::PlanBackfill), oldest first, one after the
  // other (trigger `backfill`). Never blocks.
  void QueueBackfill(const Job& job, const std::vector<Occurrence>& occurrences);
  static constexpr int kBackfillLimit = 10'000;
  // Runs one occurrence of `job` on the calling thread and returns it as stored once finished
  // (`sessiond jobs run` and `backfill`, scheduler_direct.cpp). Needs no Start(): the loop,
  // leadership and the in-memory queues are not involved, so a CLI process never dispatches
  // scheduled occurrences beside a running server. The store stands in for the queue: when a
  // run of the job is `running` (here or on another node), the run is recorded `skipped`
  // whatever the overlap policy, since it cannot wait behind another process. The job's
  // timeout cancels the task and records `timed_out`; there are no retries. Blocks until the
  // task returns. Errors: the store's (the run may then be left `running`, and is abandoned
  // by the next scheduler start). Requires: trigger is kManual or kBackfill.
  core::Result<Run> RunDirect(const Job& job, const Occurrence& occurrence, Trigger trigger);

  SchedulerStatus Status() const;
  core::Duration refresh_interval() const { return options_.refresh_interval; }

  // For tests and `simulate`: waits (bounded by real time) until nothing is due at the clock's
  // current time, every claim has committed and, with `runs_too`, no run is in flight.
  // False on timeout.
  bool WaitIdleForTest(std::chrono::milliseconds bound, bool runs_too = true);
  // The next instant the loop will wake for, if any (not counting refreshes).
  std::optional<core::Timestamp> NextWakeForTest() const;
  // With workers = 0, after Start(): does on the calling thread what the loop and the workers
  // would do at the clock's current time (deadline sweeps, due and queued runs, each run to
  // its end), pass after pass until nothing is due. No thread hand-off per run: a simulated
  // year of runs costs what the runs' statements cost.
  void RunDueHere();

 private:
  struct JobState;
  struct ActiveRun;
  struct PendingRetry {
    std::string job;
    Occurrence occurrence;
    int attempt;
  };
  struct Dispatch;

  void Loop();
  void Wake();
  // Re-reads the jobs from the store, keeping the in-memory progress of unchanged ones.
  core::Result<void> RefreshJobs();
  // Leader only: abandons runs of dead nodes and queues their occurrences again.
  core::Result<void> RecoverAbandoned();
  void QueueRecoveryLocked(const Job& job, const Run& run, core::Timestamp now);
  JobState& StateForLocked(const Job& job);
  void Heartbeat(bool leading);

  // Due work at `now`, decided under the lock; claims and submissions happen outside it.
  std::vector<Dispatch> TakeDueLocked(core::Timestamp now);
  std::vector<std::string> TakeDueSweepsLocked(core::Timestamp now);
  std::vector<core::Uuid> ExpireTimeoutsLocked(core::Timestamp now);
  std::optional<core::Timestamp> NextUnclaimedLocked(const JobState& state) const;
  std::optional<core::Timestamp> NextWakeLocked(bool with_refresh) const;

  void DispatchAll(std::vector<Dispatch> due);
  void StartRun(Dispatch dispatch);
  void ExecuteRun(std::shared_ptr<ActiveRun> active);
  // A run's row is final: count it, free its job for the next run, schedule a retry.
  void Finished(const ActiveRun& active, RunStatus status, core::Timestamp now);
  void FinishedLocked(const ActiveRun& active, RunStatus status, core::Timestamp now);
  void RecordTimeouts(const std::vector<core::Uuid>& expired, core::Timestamp now);
  void RunDeadlineSweep(const std::string& task);

  // Constant after construction.
  store::Database& db_;
  const core::Clock& clock_;
  const TaskRegistry& tasks_;
  store::SessionLock& leadership_;
  const SchedulerOptions options_;
  SchedulerMetrics metrics_;
  core::UuidGenerator ids_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, std::unique_ptr<JobState>, std::less<>> jobs_;   // guarded by mu_
  std::map<std::string, core::Timestamp, std::less<>> deadlines_;  // guarded by mu_; earliest
  std::set<std::string> sweeping_;                    // guarded by mu_; tasks whose sweep runs
  std::multimap<core::Timestamp, PendingRetry> retries_;  // guarded by mu_
  std::map<core::Uuid, std::shared_ptr<ActiveRun>> active_;  // guarded by mu_
  bool leading_ = false;                              // guarded by mu_
  bool reload_requested_ = false;                     // guarded by mu_
  bool stopping_ = false;                             // guarded by mu_
  bool started_ = false;                              // guarded by mu_; Start() succeeded
  bool woken_ = false;                                // guarded by mu_
  int busy_ = 0;                                      // guarded by mu_; loop passes in progress
  int claiming_ = 0;                                  // guarded by mu_; claims not yet committed
  core::Timestamp next_refresh_;                      // guarded by mu_
  std::vector<Run> pending_recovery_;                 // guarded by mu_; abandoned, job not loaded
  core::Timestamp started_at_;

  int clock_listener_ = 0;
  std::unique_ptr<WorkerPool> workers_;
  std::thread loop_;
};

}  // namespace sessiond::scheduler
