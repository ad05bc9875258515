// Scheduler: executing runs on workers, their timeouts, retries and deadline sweeps.
#include <spdlog/spdlog.h>

#include <exception>

#include "scheduler/job_repository.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/scheduler_state.hpp"

namespace sessiond::scheduler {

void Scheduler::ExecuteRun(std::shared_ptr<ActiveRun> active) {
  const Run& run = active->run;
  Task* task = tasks_.Find(active->job.task);
  TaskContext context(db_, clock_, active->job.params, run.scheduled_for, run.trigger, run.id,
                      active->deadline, active->cancelled);
  core::Result<core::Json> result =
      task ? RunTaskGuarded(*task, context)
           : core::Result<core::Json>(core::Error::Unprocessable(
                 "task '" + active->job.task + "' is not registered in this binary"));
  core::Timestamp now = clock_.Now();

  bool timed_out = false;
  {
    std::lock_guard lock(mu_);
    timed_out = active->timed_out;
  }
  RunStatus status = RunStatus::kSucceeded;
  std::string error;
  if (context.committed()) {
    status = RunStatus::kSucceeded;
  } else if (timed_out) {
    status = RunStatus::kTimedOut;  // already recorded by the loop at the deadline
  } else if (!result) {
    status = RunStatus::kFailed;
    error = result.error().message;
  }
  if (status == RunStatus::kFailed) {
    spdlog::warn("scheduler: run {} of job {} failed: {}", run.id.ToString(), run.job, error);
  }
  if (context.committed() || timed_out) {
    Finished(*active, status, now);  // the run's row is final already
    return;
  }
  // Written asynchronously: the worker is free for the next run at once, and finishes of many
  // runs commit together.
  core::Json summary = result ? *result : core::Json(nullptr);
  db_.WriteAsync(
      [id = run.id, status, summary, error, now](store::Connection& c) -> core::Result<void> {
        core::Result<bool> finished = JobRepository::FinishRun(c, id, status, summary, error, now);
        if (!finished) return finished.error();
        return core::Ok();
      },
      [this, active, status, now](core::Result<void> written) {
        if (!written) {
          spdlog::error("scheduler: recording the end of run {} of job {}: {}",
                        active->run.id.ToString(), active->run.job, written.error().ToString());
        }
        Finished(*active, status, now);
      });
}

void Scheduler::Finished(const ActiveRun& active, RunStatus status, core::Timestamp now) {
  metrics_.RunFinished(active.run.job, status, (now - active.run.started_at).micros() / 1e6);
  {
    std::lock_guard lock(mu_);
    FinishedLocked(active, status, now);
  }
  changed_.notify_all();
}

void Scheduler::FinishedLocked(const ActiveRun& active, RunStatus status, core::Timestamp now) {
  active_.erase(active.run.id);
  woken_ = true;
  auto it = jobs_.find(active.job.name);
  if (it == jobs_.end()) return;
  JobState& state = *it->second;
  --state.running;
  if (state.deleted && state.running == 0) {
    jobs_.erase(it);
    return;
  }
  bool failed = status == RunStatus::kFailed || status == RunStatus::kTimedOut;
  if (failed && active.run.attempt <= state.job.retries && !stopping_) {
    // Exponential backoff: base, 2 × base, 4 × base... capped.
    core::Duration delay = options_.retry_base;
    for (int i = 1; i < active.run.attempt && delay < options_.retry_max; ++i) delay = delay * 2;
    delay = std::min(delay, options_.retry_max);
    retries_.emplace(now + delay, PendingRetry{active.job.name,
                                               Occurrence{active.run.scheduled_for,
                                                          active.run.dst_shifted},
                                               active.run.attempt + 1});
  }
}

std::vector<core::Uuid> Scheduler::ExpireTimeoutsLocked(core::Timestamp now) {
  std::vector<core::Uuid> expired;
  for (auto& [id, active] : active_) {
    if (active->timed_out || active->deadline > now) continue;
    active->timed_out = true;
    active->cancelled = true;  // the task sees it and returns; its effects are not committed
    expired.push_back(id);
  }
  return expired;
}

void Scheduler::RecordTimeouts(const std::vector<core::Uuid>& expired, core::Timestamp now) {
  for (const core::Uuid& id : expired) {
    core::Result<void> written = db_.Write([&](store::Connection& c) -> core::Result<void> {
      core::Result<bool> finished = JobRepository::FinishRun(
          c, id, RunStatus::kTimedOut, nullptr, "the run passed its timeout and was cancelled", now);
      if (!finished) return finished.error();
      return core::Ok();
    });
    if (!written) spdlog::error("scheduler: recording a timeout: {}", written.error().ToString());
  }
}

void Scheduler::RunDeadlineSweep(const std::string& task_name) {
  core::Json params = core::Json::object();
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, state] : jobs_) {
      if (state->job.active && state->job.task == task_name) {
        params = state->job.params;
        break;
      }
    }
  }
  Task* task = tasks_.Find(task_name);
  if (task) {
    std::atomic<bool> cancelled{false};
    core::Timestamp now = clock_.Now();
    // Not recorded as a run: deadline sweeps are frequent and internal; the cron job naming the
    // same task records the safety-net runs, and the lateness histogram records these.
    TaskContext context(db_, clock_, params, now, Trigger::kSchedule, core::Uuid(),
                        now + core::Duration::Minutes(5), cancelled);
    core::Result<core::Json> result = RunTaskGuarded(*task, context);
    if (!result) {
      spdlog::warn("scheduler: deadline sweep of {} failed: {}", task_name,
                   result.error().ToString());
    }
  } else {
    spdlog::error("scheduler: a deadline names task {}, which is not registered", task_name);
  }
  {
    std::lock_guard lock(mu_);
    sweeping_.erase(task_name);
    woken_ = true;
  }
  changed_.notify_all();
}

}  // namespace sessiond::scheduler
