#include "scheduler/job_service.hpp"

#include "scheduler/job_repository.hpp"

namespace sessiond::scheduler {
namespace {

using core::Error;
using core::ErrorCode;

constexpr int kMaxRetries = 100;

Error Invalid(std::string_view field, std::string message, std::string_view token = {}) {
  return Error::Field(ErrorCode::kUnprocessable, field, std::move(message), token);
}

// Reads the fields a body may set onto `job`; only present fields change.
std::optional<Error> ReadFields(core::ObjectReader& in, Job& job) {
  if (auto v = in.OptionalString("schedule")) job.schedule = *v;
  if (auto v = in.OptionalString("timezone")) job.timezone = *v;
  if (auto v = in.OptionalString("task")) job.task = *v;
  if (auto v = in.OptionalObject("params")) job.params = *v;
  if (auto v = in.OptionalBool("active")) job.active = *v;
  if (auto v = in.OptionalString("overlap")) {
    std::optional<Overlap> overlap = ParseOverlap(*v);
    if (!overlap) in.Fail(Invalid("overlap", "overlap must be skip or queue", *v));
    if (overlap) job.overlap = *overlap;
  }
  if (auto v = in.OptionalString("catch_up")) {
    std::optional<CatchUp> catch_up = ParseCatchUp(*v);
    if (!catch_up) in.Fail(Invalid("catch_up", "catch_up must be none, latest or all", *v));
    if (catch_up) job.catch_up = *catch_up;
  }
  if (auto v = in.OptionalDuration("catch_up_window")) job.catch_up_window = *v;
  if (auto v = in.OptionalDuration("timeout")) job.timeout = *v;
  if (auto v = in.OptionalInt("retries", 0, kMaxRetries)) job.retries = int(*v);
  return in.Finish();
}

}  // namespace

bool IsValidJobName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return false;
  }
  return true;
}

core::Result<void> JobService::Validate(Job& job) const {
  core::Result<Schedule> schedule = Schedule::Parse(job.schedule);
  if (!schedule) return schedule.error();
  core::Result<core::TimeZone> zone = core::TimeZone::Find(job.timezone);
  if (!zone) return zone.error();
  if (core::Result<void> task = tasks_.Validate(job.task, job.params); !task) return task;
  if (job.timeout <= core::Duration()) {
    return Invalid("timeout", "timeout must be positive", job.timeout.ToString());
  }
  job.next_run_at.reset();
  if (job.active) {
    std::optional<Occurrence> next = schedule->NextAfter(clock_.Now(), *zone);
    if (next) job.next_run_at = next->at;
  }
  return core::Ok();
}

core::Result<Job> JobService::Create(store::Connection& c, const core::Json& body) const {
  core::ObjectReader in(body);
  Job job;
  std::optional<std::string> name = in.RequiredString("name");
  std::optional<std::string> schedule = in.RequiredString("schedule");
  std::optional<std::string> task = in.RequiredString("task");
  if (name && !IsValidJobName(*name)) {
    in.Fail(Invalid("name", "name must match [a-z0-9][a-z0-9-]{0,62}", *name));
  }
  if (std::optional<Error> error = ReadFields(in, job)) return *error;
  job.name = *name;
  job.schedule = *schedule;
  job.task = *task;
  if (core::Result<void> valid = Validate(job); !valid) return valid.error();
  job.created_at = job.updated_at = clock_.Now();
  if (core::Result<void> inserted = JobRepository::InsertJob(c, job); !inserted) {
    return inserted.error();
  }
  return job;
}

core::Result<Job> JobService::Update(store::Connection& c, std::string_view name,
                                     const core::Json& patch) const {
  core::Result<std::optional<Job>> found = JobRepository::FindJob(c, name);
  if (!found) return found.error();
  if (!*found) return Error::NotFound("no job named '" + std::string(name) + "'");
  Job job = **found;
  Job before = job;
  core::ObjectReader in(patch);
  if (patch.is_object() && patch.contains("name")) {
    in.Fail(Invalid("name", "a job's name cannot change; create a new job"));
  }
  if (std::optional<Error> error = ReadFields(in, job)) return *error;
  if (core::Result<void> valid = Validate(job); !valid) return valid.error();
  // Keep the scheduler's place unless when the job fires changed.
  bool timing_changed = job.schedule != before.schedule || job.timezone != before.timezone ||
                        job.active != before.active;
  if (!timing_changed) job.next_run_at = before.next_run_at;
  job.updated_at = clock_.Now();
  if (core::Result<void> updated = JobRepository::UpdateJob(c, job); !updated) {
    return updated.error();
  }
  return job;
}

core::Result<Job> JobService::SetActive(store::Connection& c, std::string_view name,
                                        bool active) const {
  return Update(c, name, core::Json{{"active", active}});
}

core::Result<void> JobService::Delete(store::Connection& c, std::string_view name) const {
  core::Result<bool> deleted = JobRepository::DeleteJob(c, name);
  if (!deleted) return deleted.error();
  if (!*deleted) return Error::NotFound("no job named '" + std::string(name) + "'");
  return core::Ok();
}

core::Result<JobView> JobService::Get(store::Connection& c, std::string_view name) const {
  core::Result<std::optional<Job>> found = JobRepository::FindJob(c, name);
  if (!found) return found.error();
  if (!*found) return Error::NotFound("no job named '" + std::string(name) + "'");
  core::Result<std::optional<Run>> last = JobRepository::LastRun(c, name);
  if (!last) return last.error();
  return JobView{**found, *last};
}

core::Result<std::vector<JobView>> JobService::List(store::Connection& c) const {
  core::Result<std::vector<Job>> jobs = JobRepository::ListJobs(c);
  if (!jobs) return jobs.error();
  std::vector<JobView> views;
  for (Job& job : *jobs) {
    core::Result<std::optional<Run>> last = JobRepository::LastRun(c, job.name);
    if (!last) return last.error();
    views.push_back({std::move(job), *last});
  }
  return views;
}

core::Result<bool> JobService::InstallIfMissing(store::Connection& c, Job job) const {
  core::Result<std::optional<Job>> found = JobRepository::FindJob(c, job.name);
  if (!found) return found.error();
  if (*found) return false;
  if (core::Result<void> valid = Validate(job); !valid) return valid.error();
  job.created_at = job.updated_at = clock_.Now();
  if (core::Result<void> inserted = JobRepository::InsertJob(c, job); !inserted) {
    return inserted.error();
  }
  return true;
}

core::Result<std::vector<Occurrence>> JobService::PlanBackfill(store::Connection& c,
                                                               std::string_view name,
                                                               core::Timestamp from,
                                                               core::Timestamp to, int limit) const {
  if (to < from) return Invalid("to", "to must not be before from", to.ToRfc3339());
  core::Result<std::optional<Job>> found = JobRepository::FindJob(c, name);
  if (!found) return found.error();
  if (!*found) return Error::NotFound("no job named '" + std::string(name) + "'");
  const Job& job = **found;
  core::Result<Schedule> schedule = Schedule::Parse(job.schedule);
  if (!schedule) return schedule.error();
  core::Result<core::TimeZone> zone = core::TimeZone::Find(job.timezone);
  if (!zone) return zone.error();
  std::vector<Occurrence> occurrences;
  std::optional<Occurrence> next = schedule->NextAfter(from - core::Duration::Micros(1), *zone);
  int seen = 0;
  while (next && next->at <= to) {
    if (++seen > limit) {
      return Invalid("to", "the range holds more than " + std::to_string(limit) +
                               " occurrences; backfill it in parts");
    }
    core::Result<bool> done = JobRepository::HasSucceeded(c, job.name, next->at);
    if (!done) return done.error();
    if (!*done) occurrences.push_back(*next);
    next = schedule->NextAfter(next->at, *zone);
  }
  return occurrences;
}

}  // namespace sessiond::scheduler
