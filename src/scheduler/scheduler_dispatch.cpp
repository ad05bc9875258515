// Scheduler: deciding what is due, and claiming runs in the store.
#include <spdlog/spdlog.h>

#include "scheduler/due_plan.hpp"
#include "scheduler/job_repository.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/scheduler_state.hpp"

namespace sessiond::scheduler {
namespace {

const char* const kOverlapReason = "the previous run was still running (overlap: skip)";
const char* const kLimitReason = "more missed occurrences than one catch-up pass runs (1000)";

}  // namespace

std::vector<Scheduler::Dispatch> Scheduler::TakeDueLocked(core::Timestamp now) {
  std::vector<Dispatch> out;
  if (leading_) {
    for (auto& [name, slot] : jobs_) {
      JobState& state = *slot;
      if (!state.job.active || !state.schedule || !state.next || state.next->at > now) continue;
      DuePlan plan = PlanDue(*state.schedule, state.zone, *state.next, now, state.job.catch_up,
                             state.job.catch_up_window);
      if (plan.missed > 0) {
        metrics_.Missed(name, plan.missed);
        spdlog::warn("scheduler: job {} missed {} occurrence(s); catch-up {} runs {}", name,
                     plan.missed, CatchUpName(state.job.catch_up), plan.catch_up.size());
      }
      state.next = plan.next;
      bool busy = state.running > 0 || !state.queued.empty();
      auto make = [&](const Occurrence& occurrence, Trigger trigger) {
        Dispatch d;
        d.job = state.job;
        d.run_id = ids_.NewV7(now);
        d.occurrence = occurrence;
        d.trigger = trigger;
        d.records_progress = true;
        return d;
      };
      for (const Occurrence& occurrence : plan.catch_up) {
        state.queued.push_back(make(occurrence, Trigger::kCatchUp));
      }
      for (const Occurrence& occurrence : plan.skipped) {
        Dispatch d = make(occurrence, Trigger::kCatchUp);
        d.initial = RunStatus::kSkipped;
        d.skip_reason = kLimitReason;
        out.push_back(std::move(d));
      }
      if (plan.on_time) {
        Dispatch d = make(*plan.on_time, Trigger::kSchedule);
        if (busy && state.job.overlap == Overlap::kSkip) {
          d.initial = RunStatus::kSkipped;
          d.skip_reason = kOverlapReason;
          out.push_back(std::move(d));
        } else {
          state.queued.push_back(std::move(d));
        }
      }
      // The store's progress moves past everything decided here, except what still waits in
      // the queue (claimed later, one at a time).
      if (plan.catch_up.empty() && !plan.on_time) {
        Dispatch progress = make(Occurrence{plan.last_handled}, Trigger::kSchedule);
        progress.run_id = core::Uuid();  // nothing to record as a run
        progress.initial = RunStatus::kSkipped;
        out.push_back(std::move(progress));
      }
      for (Dispatch& d : out) {
        if (d.job.name == name && d.records_progress) d.next_unclaimed = NextUnclaimedLocked(state);
      }
    }
  }

  for (auto it = retries_.begin(); it != retries_.end() && it->first <= now;) {
    auto job = jobs_.find(it->second.job);
    if (job != jobs_.end() && !job->second->deleted) {
      Dispatch d;
      d.job = job->second->job;
      d.run_id = ids_.NewV7(now);
      d.occurrence = it->second.occurrence;
      d.trigger = Trigger::kRetry;
      d.attempt = it->second.attempt;
      job->second->queued.push_back(std::move(d));
    }
    it = retries_.erase(it);
  }

  // One run at a time per job: start the head of each idle job's queue.
  for (auto& [name, slot] : jobs_) {
    JobState& state = *slot;
    if (state.running > 0 || state.queued.empty()) continue;
    Dispatch d = std::move(state.queued.front());
    state.queued.pop_front();
    if (d.records_progress) d.next_unclaimed = NextUnclaimedLocked(state);
    ++state.running;
    ++claiming_;
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<core::Timestamp> Scheduler::NextUnclaimedLocked(const JobState& state) const {
  for (const Dispatch& waiting : state.queued) {
    if (waiting.records_progress) return waiting.occurrence.at;
  }
  if (state.next) return state.next->at;
  return std::nullopt;
}

std::vector<std::string> Scheduler::TakeDueSweepsLocked(core::Timestamp now) {
  std::vector<std::string> due;
  for (auto it = deadlines_.begin(); it != deadlines_.end();) {
    const auto& [task, at] = *it;
    if (at > now || sweeping_.contains(task)) {
      ++it;
      continue;
    }
    // One sweep handles everything due so far, and arms the task's next instant itself.
    metrics_.DeadlineSwept(task, (now - at).micros() / 1e6);
    sweeping_.insert(task);
    due.push_back(task);
    it = deadlines_.erase(it);
  }
  return due;
}

void Scheduler::DispatchAll(std::vector<Dispatch> due) {
  for (Dispatch& d : due) StartRun(std::move(d));
}

void Scheduler::StartRun(Dispatch d) {
  core::Timestamp now = clock_.Now();
  bool progress_only = d.run_id.IsNil();
  auto run = std::make_shared<ActiveRun>();
  run->job = d.job;
  run->run.id = d.run_id;
  run->run.job = d.job.name;
  run->run.scheduled_for = d.occurrence.at;
  run->run.trigger = d.trigger;
  run->run.attempt = d.attempt;
  run->run.started_at = now;
  run->run.status = d.initial;
  run->run.dst_shifted = d.occurrence.dst_shifted;
  run->run.node = options_.node_id;
  run->deadline = now + d.job.timeout;
  if (d.initial == RunStatus::kSkipped) {
    run->run.finished_at = now;
    run->run.error = d.skip_reason;
  }
  bool runs = d.initial == RunStatus::kRunning;
  if (!runs) {
    std::lock_guard lock(mu_);
    ++claiming_;
  }

  // Claim the occurrence and record progress in one transaction: if the process dies after
  // this commits, the run is found `running` and abandoned at the next start.
  auto claimed = std::make_shared<bool>(false);
  db_.WriteAsync(
      [this, run, d, claimed, progress_only](store::Connection& c) -> core::Result<void> {
        if (!progress_only) {
          core::Result<bool> inserted = JobRepository::InsertRun(c, run->run);
          if (!inserted) return inserted.error();
          *claimed = *inserted;
        }
        if (d.records_progress && (*claimed || progress_only)) {
          return JobRepository::SetProgress(c, d.job.name, d.occurrence.at, d.next_unclaimed);
        }
        return core::Ok();
      },
      [this, run, runs, claimed, progress_only](core::Result<void> result) {
        if (!result) {
          spdlog::error("scheduler: claiming {} of job {}: {}",
                        run->run.scheduled_for.ToRfc3339(), run->job.name,
                        result.error().ToString());
        }
        bool start = result && runs && *claimed;
        {
          std::lock_guard lock(mu_);
          --claiming_;
          if (start) {
            active_[run->run.id] = run;
            if (stopping_) run->cancelled = true;
            // Submitted under the lock: Stop() resets the pool only once no claim is pending.
            workers_->Submit([this, run] { ExecuteRun(run); });
          } else if (runs) {
            // Not ours to run: another node claimed the occurrence, or the store failed (the
            // store's progress did not move, so the occurrence comes back as missed).
            --jobs_.at(run->job.name)->running;
            if (!result) reload_requested_ = true;
          }
          woken_ = true;
        }
        changed_.notify_all();
        if (start && run->run.trigger != Trigger::kManual) {
          metrics_.Dispatched((run->run.started_at - run->run.scheduled_for).micros() / 1e6);
        } else if (result && !progress_only && run->run.status == RunStatus::kSkipped) {
          metrics_.RunFinished(run->job.name, RunStatus::kSkipped, 0);
        }
      });
}

Run Scheduler::RunNow(const Job& job) {
  core::Timestamp now = clock_.Now();
  Dispatch d;
  d.job = job;
  d.run_id = ids_.NewV7(now);
  d.occurrence = Occurrence{now};
  d.trigger = Trigger::kManual;
  Run planned;
  planned.id = d.run_id;
  planned.job = job.name;
  planned.scheduled_for = now;
  planned.trigger = Trigger::kManual;
  planned.started_at = now;
  planned.node = options_.node_id;
  {
    std::lock_guard lock(mu_);
    JobState& state = StateForLocked(job);
    bool busy = state.running > 0 || !state.queued.empty();
    if (busy && job.overlap == Overlap::kSkip) {
      d.initial = RunStatus::kSkipped;
      d.skip_reason = kOverlapReason;
      planned.status = RunStatus::kSkipped;
      planned.error = kOverlapReason;
      planned.finished_at = now;
    } else {
      state.queued.push_back(d);
      woken_ = true;
    }
  }
  changed_.notify_all();
  if (d.initial == RunStatus::kSkipped) StartRun(std::move(d));
  return planned;
}

void Scheduler::QueueBackfill(const Job& job, const std::vector<Occurrence>& occurrences) {
  core::Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    JobState& state = StateForLocked(job);
    for (const Occurrence& occurrence : occurrences) {
      Dispatch d;
      d.job = job;
      d.run_id = ids_.NewV7(now);
      d.occurrence = occurrence;
      d.trigger = Trigger::kBackfill;
      state.queued.push_back(std::move(d));
    }
    woken_ = true;
  }
  changed_.notify_all();
}

Scheduler::JobState& Scheduler::StateForLocked(const Job& job) {
  auto& slot = jobs_[job.name];
  if (!slot) {
    // Not loaded here (a follower, or a job created a moment ago): kept to order its runs.
    slot = std::make_unique<JobState>();
    slot->job = job;
  }
  return *slot;
}

void Scheduler::WakeAt(std::string_view task, core::Timestamp at) {
  {
    std::lock_guard lock(mu_);
    if (!started_) return;
    auto it = deadlines_.find(task);
    if (it == deadlines_.end()) {
      deadlines_.emplace(std::string(task), at);
    } else if (at < it->second) {
      it->second = at;
    } else {
      return;  // the loop wakes for this task earlier anyway
    }
    woken_ = true;
  }
  changed_.notify_all();
}

}  // namespace sessiond::scheduler
