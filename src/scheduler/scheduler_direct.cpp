// Scheduler: one run executed on the caller's thread, outside the loop (Scheduler::RunDirect).
//
// Why not Start() and RunNow() in the CLI: a started scheduler is a full node. On SQLite its
// lock is always held, so a `sessiond jobs run` beside a running server would lead too: it
// would dispatch scheduled occurrences, and its start would mark the server's running runs
// abandoned. A direct run touches only its own run row.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "scheduler/job_repository.hpp"
#include "scheduler/scheduler.hpp"

namespace sessiond::scheduler {
namespace {

constexpr const char* kBusyReason =
    "another run of the job was running (a direct run cannot wait behind it)";
constexpr const char* kTimeoutReason = "the run passed its timeout and was cancelled";

// Watches one direct run from a thread of its own while the task runs on the caller's: beats
// this node's heartbeat (so a leader elsewhere does not take the run for abandoned) and, at the
// deadline, calls `expire` once. Waits on the injected clock: real time for a SystemClock,
// clock listeners for a SimulatedClock. Stops and joins in the destructor.
class DirectRunWatch {
 public:
  DirectRunWatch(const core::Clock& clock, core::Timestamp deadline, core::Duration beat_every,
                 std::function<void()> beat, std::function<void()> expire)
      : clock_(clock), deadline_(deadline), beat_every_(beat_every), beat_(std::move(beat)),
        expire_(std::move(expire)) {
    listener_ = clock_.AddListener([this] {
      {
        std::lock_guard lock(mu_);
        ticked_ = true;
      }
      changed_.notify_all();
    });
    thread_ = std::thread([this] { Watch(); });
  }
  ~DirectRunWatch() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    changed_.notify_all();
    thread_.join();
    clock_.RemoveListener(listener_);
  }
  DirectRunWatch(const DirectRunWatch&) = delete;
  DirectRunWatch& operator=(const DirectRunWatch&) = delete;

 private:
  void Watch() {
    std::unique_lock lock(mu_);
    core::Timestamp next_beat = clock_.Now() + beat_every_;
    while (!done_) {
      ticked_ = false;
      core::Timestamp now = clock_.Now();
      if (now >= deadline_) {
        lock.unlock();
        expire_();
        return;  // the run is finished in the store: nothing left to keep alive
      }
      if (beat_ && now >= next_beat) {
        lock.unlock();
        beat_();
        lock.lock();
        next_beat = now + beat_every_;
        continue;
      }
      core::Timestamp wake = beat_ ? std::min(deadline_, next_beat) : deadline_;
      auto stop = [this] { return done_ || ticked_; };
      if (clock_.IsSimulated()) {
        changed_.wait(lock, stop);
      } else {
        changed_.wait_for(lock, (wake - now).ToChrono(), stop);
      }
    }
  }

  const core::Clock& clock_;
  const core::Timestamp deadline_;
  const core::Duration beat_every_;
  const std::function<void()> beat_;  // empty: no heartbeat needed
  const std::function<void()> expire_;
  int listener_ = 0;

  std::mutex mu_;
  std::condition_variable changed_;
  bool done_ = false;   // guarded by mu_
  bool ticked_ = false; // guarded by mu_; simulated time moved
  std::thread thread_;
};

}  // namespace

core::Result<Run> Scheduler::RunDirect(const Job& job, const Occurrence& occurrence,
                                       Trigger trigger) {
  assert(trigger == Trigger::kManual || trigger == Trigger::kBackfill);
  core::Timestamp started = clock_.Now();
  Run run;
  run.id = ids_.NewV7(started);
  run.job = job.name;
  run.scheduled_for = occurrence.at;
  run.trigger = trigger;
  run.started_at = started;
  run.dst_shifted = occurrence.dst_shifted;
  run.node = options_.node_id;

  // Heartbeats protect a run from other nodes' abandonment only where they are read, i.e.
  // when abandon_after is positive (PostgreSQL); a SQLite node abandons every other node's run.
  bool heartbeats = options_.abandon_after > core::Duration();
  auto beat = [this, started] {
    core::Result<void> written = db_.Write([&](store::Connection& c) {
      return JobRepository::Heartbeat(c, options_.node_id, false, started, clock_.Now());
    });
    if (!written) spdlog::warn("scheduler: heartbeat: {}", written.error().ToString());
  };
  if (heartbeats) beat();

  // The check and the claim share one transaction, so two direct runs cannot both see an idle
  // job (on SQLite writes are serial; on PostgreSQL the window is one transaction wide).
  core::Result<void> claimed = db_.Write([&](store::Connection& c) -> core::Result<void> {
    core::Result<RunPage> running = JobRepository::ListRuns(
        c, RunQuery{job.name, RunStatus::kRunning, 1, std::nullopt});
    if (!running) return running.error();
    if (!running->items.empty()) {
      run.status = RunStatus::kSkipped;
      run.finished_at = started;
      run.error = std::string(kBusyReason) + ": run " + running->items[0].id.ToString() +
                  " on node " + running->items[0].node;
    }
    core::Result<bool> inserted = JobRepository::InsertRun(c, run);
    if (!inserted) return inserted.error();
    return core::Ok();
  });
  if (!claimed) return claimed.error();
  if (run.status == RunStatus::kSkipped) {
    metrics_.RunFinished(job.name, RunStatus::kSkipped, 0);
    return run;
  }

  std::atomic<bool> cancelled{false};
  core::Timestamp deadline = started + job.timeout;
  // At the deadline, as the loop does: cancel the task and record the timeout at once.
  auto expire = [&] {
    cancelled = true;  // the task sees it and returns without committing
    core::Result<void> written = db_.Write([&](store::Connection& c) -> core::Result<void> {
      core::Result<bool> finished = JobRepository::FinishRun(c, run.id, RunStatus::kTimedOut,
                                                             nullptr, kTimeoutReason, clock_.Now());
      if (!finished) return finished.error();
      return core::Ok();
    });
    if (!written) {
      spdlog::error("scheduler: recording the timeout of run {}: {}", run.id.ToString(),
                    written.error().ToString());
    }
  };
  Task* task = tasks_.Find(job.task);
  TaskContext context(db_, clock_, job.params, run.scheduled_for, trigger, run.id, deadline,
                      cancelled);
  core::Result<core::Json> result = core::Error::Unprocessable(
      "task '" + job.task + "' is not registered in this binary");
  if (task) {
    DirectRunWatch watch(clock_, deadline, options_.refresh_interval,
                         heartbeats ? std::function<void()>(beat) : std::function<void()>(),
                         expire);
    result = RunTaskGuarded(*task, context);
  }

  // A timed-out run is already final in the store, and FinishRun leaves it alone; so does a
  // run another node abandoned meanwhile. The stored row is the truth either way.
  core::Timestamp now = clock_.Now();
  if (!context.committed()) {
    RunStatus status = result ? RunStatus::kSucceeded : RunStatus::kFailed;
    core::Json summary = result ? *result : core::Json(nullptr);
    std::string error = result ? std::string() : result.error().message;
    core::Result<void> finished = db_.Write([&](store::Connection& c) -> core::Result<void> {
      core::Result<bool> moved = JobRepository::FinishRun(c, run.id, status, summary, error, now);
      if (!moved) return moved.error();
      return core::Ok();
    });
    if (!finished) return finished.error();
  }
  std::optional<Run> stored;
  core::Result<void> read = db_.Read([&](store::Connection& c) -> core::Result<void> {
    core::Result<std::optional<Run>> found = JobRepository::FindRun(c, run.id);
    if (!found) return found.error();
    stored = *found;
    return core::Ok();
  });
  if (!read) return read.error();
  if (!stored) return core::Error::NotFound("run " + run.id.ToString() + " vanished (pruned?)");
  metrics_.RunFinished(job.name, stored->status, (now - started).micros() / 1e6);
  return *stored;
}

}  // namespace sessiond::scheduler
