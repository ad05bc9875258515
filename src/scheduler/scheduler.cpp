#include "scheduler/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <cassert>
#include <utility>

#include "scheduler/job_repository.hpp"
#include "scheduler/scheduler_state.hpp"

namespace sessiond::scheduler {

Scheduler::Scheduler(store::Database& db, const core::Clock& clock, const TaskRegistry& tasks,
                     core::MetricsRegistry& metrics, store::SessionLock& leadership,
                     SchedulerOptions options)
    : db_(db), clock_(clock), tasks_(tasks), leadership_(leadership), options_(std::move(options)),
      metrics_(metrics) {}

Scheduler::~Scheduler() { Stop(); }

core::Result<void> Scheduler::Start() {
  started_at_ = clock_.Now();
  bool leading = leadership_.TryHold();
  Heartbeat(leading);
  if (leading) {
    if (core::Result<void> recovered = RecoverAbandoned(); !recovered) return recovered;
  }
  if (core::Result<void> loaded = RefreshJobs(); !loaded) return loaded;
  {
    std::lock_guard lock(mu_);
    leading_ = leading;
    started_ = true;
    next_refresh_ = clock_.Now() + options_.refresh_interval;
  }
  workers_ = std::make_unique<WorkerPool>(options_.workers);
  if (options_.workers > 0) {
    clock_listener_ = clock_.AddListener([this] { Wake(); });
    loop_ = std::thread([this] { Loop(); });
  }
  spdlog::info("scheduler started on node {} ({})", options_.node_id,
               leading ? "leader" : "follower");
  return core::Ok();
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || !started_) return;
    stopping_ = true;
    for (auto& [id, active] : active_) active->cancelled = true;
  }
  changed_.notify_all();
  if (loop_.joinable()) {
    loop_.join();
    clock_.RemoveListener(clock_listener_);
  }
  {
    // Claims still committing submit their runs (asked to stop at once) to the pool: it must
    // outlive them.
    std::unique_lock lock(mu_);
    changed_.wait(lock, [this] { return claiming_ == 0; });
  }
  workers_.reset();  // waits for runs, which were asked to stop
  {
    // Finishes of the last runs are written asynchronously; they refer to this object.
    std::unique_lock lock(mu_);
    changed_.wait(lock, [this] { return active_.empty(); });
  }
  leadership_.Release();
  Heartbeat(false);
}

void Scheduler::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  changed_.notify_all();
}

void Scheduler::Reload() {
  {
    std::lock_guard lock(mu_);
    reload_requested_ = true;
    woken_ = true;
  }
  changed_.notify_all();
}

void Scheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    // Cleared before looking at the state, never after: a wake-up that arrives while this
    // pass works sets it again, and the wait below returns at once instead of missing it.
    woken_ = false;
    core::Timestamp now = clock_.Now();
    if (reload_requested_ || now >= next_refresh_) {
      reload_requested_ = false;
      ++busy_;
      // Periodic refresh follows real time only: under a simulated clock jobs change only
      // through Reload(), and a simulated year must not re-read them every 2 s.
      next_refresh_ = clock_.IsSimulated() ? core::Timestamp::FromSeconds(int64_t{1} << 40)
                                           : now + options_.refresh_interval;
      bool was_leading = leading_;
      lock.unlock();
      bool leading = leadership_.TryHold();
      Heartbeat(leading);
      if (leading && !was_leading) {
        spdlog::info("scheduler: node {} now leads", options_.node_id);
      } else if (!leading && was_leading) {
        spdlog::warn("scheduler: node {} lost leadership; dispatching stops", options_.node_id);
      }
      if (leading) {
        if (core::Result<void> r = RecoverAbandoned(); !r) {
          spdlog::error("scheduler: recovering abandoned runs: {}", r.error().ToString());
        }
      }
      if (core::Result<void> r = RefreshJobs(); !r) {
        spdlog::error("scheduler: reading jobs: {}", r.error().ToString());
      }
      lock.lock();
      leading_ = leading;
      --busy_;
      changed_.notify_all();
      continue;
    }

    std::vector<std::string> sweeps = TakeDueSweepsLocked(now);
    std::vector<core::Uuid> timed_out = ExpireTimeoutsLocked(now);
    std::vector<Dispatch> due = TakeDueLocked(now);
    if (!sweeps.empty() || !timed_out.empty() || !due.empty()) {
      ++busy_;
      lock.unlock();
      for (const std::string& task : sweeps) {
        workers_->Submit([this, task] { RunDeadlineSweep(task); });
      }
      RecordTimeouts(timed_out, now);
      DispatchAll(std::move(due));
      lock.lock();
      --busy_;
      changed_.notify_all();
      continue;
    }

    // This pass may have changed state without dispatching (an occurrence queued behind a
    // running one): let idle-waiters look before sleeping.
    changed_.notify_all();
    std::optional<core::Timestamp> wake = NextWakeLocked(true);
    if (clock_.IsSimulated() || !wake) {
      changed_.wait(lock, [this] { return woken_ || stopping_; });
    } else {
      changed_.wait_for(lock, (*wake - now).ToChrono(), [this] { return woken_ || stopping_; });
    }
  }
}

void Scheduler::RunDueHere() {
  assert(options_.workers == 0 && "the loop's thread does this when there are workers");
  while (true) {
    core::Timestamp now = clock_.Now();
    bool reload = false;
    std::vector<std::string> sweeps;
    std::vector<core::Uuid> timed_out;
    std::vector<Dispatch> due;
    {
      std::lock_guard lock(mu_);
      if (stopping_ || !started_) return;
      reload = std::exchange(reload_requested_, false);
      if (!reload) {
        sweeps = TakeDueSweepsLocked(now);
        timed_out = ExpireTimeoutsLocked(now);
        due = TakeDueLocked(now);
      }
    }
    if (reload) {
      if (core::Result<void> r = RefreshJobs(); !r) {
        spdlog::error("scheduler: reading jobs: {}", r.error().ToString());
      }
      continue;
    }
    if (sweeps.empty() && timed_out.empty() && due.empty()) return;
    for (const std::string& task : sweeps) RunDeadlineSweep(task);
    RecordTimeouts(timed_out, now);
    DispatchAll(std::move(due));
    {
      // Claims commit on the store's terms (at once on a scratch database, on its writer thread
      // otherwise); each submits its run to the pool as it does.
      std::unique_lock lock(mu_);
      changed_.wait(lock, [this] { return claiming_ == 0; });
    }
    workers_->RunQueuedHere();  // those runs, each to its end
    {
      // ...and recorded: a run's finish is written asynchronously, and frees its job after.
      std::unique_lock lock(mu_);
      changed_.wait(lock, [this] { return active_.empty(); });
    }
  }
}

core::Result<void> Scheduler::RefreshJobs() {
  std::vector<Job> jobs;
  core::Result<void> read = db_.Read([&](store::Connection& c) -> core::Result<void> {
    core::Result<std::vector<Job>> listed = JobRepository::ListJobs(c);
    if (!listed) return listed.error();
    jobs = std::move(*listed);
    return core::Ok();
  });
  if (!read) return read;

  std::lock_guard lock(mu_);
  std::set<std::string, std::less<>> present;
  int active = 0;
  for (Job& job : jobs) {
    present.insert(job.name);
    active += job.active ? 1 : 0;
    auto& slot = jobs_[job.name];
    if (!slot) slot = std::make_unique<JobState>();
    JobState& state = *slot;
    state.deleted = false;
    // Unchanged jobs keep their in-memory next occurrence: the loop is ahead of the store.
    bool changed = !state.schedule || state.job.updated_at != job.updated_at ||
                   state.job.active != job.active;
    if (!changed) {
      state.job.last_scheduled_for = job.last_scheduled_for;
      continue;
    }
    state.job = std::move(job);
    core::Result<Schedule> schedule = Schedule::Parse(state.job.schedule);
    core::Result<core::TimeZone> zone = core::TimeZone::Find(state.job.timezone);
    if (!schedule || !zone) {
      spdlog::error("scheduler: job {} has an invalid schedule or zone; it will not run",
                    state.job.name);
      state.schedule.reset();
      state.next.reset();
      continue;
    }
    state.schedule = *schedule;
    state.zone = *zone;
    state.next.reset();
    if (state.job.active && state.job.next_run_at) {
      // Recompute from just before the stored instant to recover its dst_shifted flag.
      state.next = state.schedule->NextAfter(*state.job.next_run_at - core::Duration::Micros(1),
                                             state.zone);
    }
  }
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    JobState& state = *it->second;
    if (present.contains(it->first)) {
      ++it;
    } else if (state.running > 0) {
      state.deleted = true;
      state.next.reset();
      state.queued.clear();
      ++it;
    } else {
      it = jobs_.erase(it);
    }
  }
  core::Timestamp now = clock_.Now();
  for (const Run& run : pending_recovery_) {
    if (jobs_.contains(run.job)) QueueRecoveryLocked(jobs_.at(run.job)->job, run, now);
  }
  pending_recovery_.clear();
  metrics_.SetJobs(active, int(jobs.size()) - active);
  return core::Ok();
}

void Scheduler::Heartbeat(bool leading) {
  core::Result<void> written = db_.Write([&](store::Connection& c) {
    return JobRepository::Heartbeat(c, options_.node_id, leading, started_at_, clock_.Now());
  });
  if (!written) spdlog::warn("scheduler: heartbeat: {}", written.error().ToString());
}

core::Result<void> Scheduler::RecoverAbandoned() {
  core::Timestamp now = clock_.Now();
  std::vector<Run> abandoned;
  core::Result<void> written = db_.Write([&](store::Connection& c) -> core::Result<void> {
    core::Result<std::vector<Run>> runs =
        JobRepository::AbandonStaleRuns(c, options_.node_id, now - options_.abandon_after, now);
    if (!runs) return runs.error();
    abandoned = std::move(*runs);
    return core::Ok();
  });
  if (!written) return written;
  if (abandoned.empty()) return core::Ok();
  spdlog::warn("scheduler: {} run(s) abandoned by a stopped node", abandoned.size());

  // The occurrence of an abandoned scheduled or catch-up run is free again: catch-up runs it
  // once more, when the job catches up at all and the occurrence is within its window.
  std::lock_guard lock(mu_);
  for (const Run& run : abandoned) {
    if (run.trigger != Trigger::kSchedule && run.trigger != Trigger::kCatchUp) continue;
    auto it = jobs_.find(run.job);
    Job job;
    if (it != jobs_.end()) {
      job = it->second->job;
    } else {
      // Not loaded yet (at start RefreshJobs runs after this): it is re-read below.
      pending_recovery_.push_back(run);
      continue;
    }
    QueueRecoveryLocked(job, run, now);
  }
  return core::Ok();
}

void Scheduler::QueueRecoveryLocked(const Job& job, const Run& run, core::Timestamp now) {
  if (job.catch_up == CatchUp::kNone || run.scheduled_for < now - job.catch_up_window) return;
  JobState& state = *jobs_.at(job.name);
  Dispatch dispatch;
  dispatch.job = job;
  dispatch.run_id = ids_.NewV7(now);
  dispatch.occurrence = Occurrence{run.scheduled_for, run.dst_shifted};
  dispatch.trigger = Trigger::kCatchUp;
  state.queued.push_back(std::move(dispatch));
}

SchedulerStatus Scheduler::Status() const {
  std::lock_guard lock(mu_);
  return {options_.node_id, leading_, leading_ ? options_.node_id : "", int(jobs_.size()),
          int(active_.size())};
}

bool Scheduler::WaitIdleForTest(std::chrono::milliseconds bound, bool runs_too) {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, bound, [this, runs_too] {
    std::optional<core::Timestamp> wake = NextWakeLocked(false);
    bool due = wake && *wake <= clock_.Now();
    // A queued run waits for the running one of its job: not due while that one runs.
    bool settled = !due && !reload_requested_ && busy_ == 0 && claiming_ == 0;
    return settled && (!runs_too || (active_.empty() && sweeping_.empty()));
  });
}

std::optional<core::Timestamp> Scheduler::NextWakeForTest() const {
  std::lock_guard lock(mu_);
  return NextWakeLocked(false);
}

std::optional<core::Timestamp> Scheduler::NextWakeLocked(bool with_refresh) const {
  std::optional<core::Timestamp> wake;
  auto consider = [&](core::Timestamp t) {
    if (!wake || t < *wake) wake = t;
  };
  if (with_refresh) consider(next_refresh_);
  for (const auto& [name, state] : jobs_) {
    if (leading_ && state->next && state->job.active) consider(state->next->at);
    if (state->running == 0 && !state->queued.empty()) consider(clock_.Now());
  }
  for (const auto& [task, at] : deadlines_) {
    if (!sweeping_.contains(task)) consider(at);
  }
  if (!retries_.empty()) consider(retries_.begin()->first);
  for (const auto& [id, active] : active_) {
    if (!active->timed_out) consider(active->deadline);
  }
  return wake;
}

}  // namespace sessiond::scheduler
