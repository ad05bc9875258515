#include "domains/checkins/checkin_tasks.hpp"

#include <algorithm>

#include "domains/checkins/checkin_repository.hpp"

namespace sessiond::checkins {
namespace {

// Check-ins ended per transaction of a sweep; a longer backlog takes more sweeps at once.
constexpr int kExpireBatch = 1000;
constexpr core::Duration kDefaultRetention = core::Duration::Days(7);

core::Result<core::Duration> ReadRetention(const core::Json& params) {
  core::ObjectReader reader(params, "params");
  core::Duration older_than = reader.OptionalDuration("older_than").value_or(kDefaultRetention);
  if (std::optional<core::Error> error = reader.Finish()) return *error;
  return older_than;
}

}  // namespace

ExpireCheckinsTask::ExpireCheckinsTask(CheckinService& service, ExpiryDeadlines& deadlines,
                                       core::MetricsRegistry& metrics)
    : service_(service),
      deadlines_(deadlines),
      lateness_(metrics.GetHistogram("sessiond_checkin_expiry_lateness_seconds",
                                     "From a check-in's expires_at to its checkin.expired event",
                                     core::LatencyBuckets())) {}

core::Result<void> ExpireCheckinsTask::Validate(const core::Json& params) const {
  core::ObjectReader reader(params, "params");
  if (std::optional<core::Error> error = reader.Finish()) return *error;
  return core::Ok();
}

core::Result<core::Json> ExpireCheckinsTask::Run(scheduler::TaskContext& context) {
  int64_t expired = 0;
  for (;;) {
    core::Timestamp now = context.clock().Now();
    std::vector<Checkin> ended;
    // Each batch commits on its own: a long backlog never holds one huge transaction. The
    // run's completion goes with the last one.
    core::Result<void> written = context.db().Write([&](store::Connection& c) -> core::Result<void> {
      core::Result<std::vector<Checkin>> due = service_.ExpireDue(c, now, kExpireBatch);
      if (!due) return due.error();
      ended = std::move(*due);
      return core::Ok();
    });
    if (!written) return written.error();
    for (const Checkin& checkin : ended) {
      lateness_.Observe(std::max(0.0, double((now - checkin.expires_at).micros()) / 1e6));
    }
    expired += int64_t(ended.size());
    if (ended.size() < size_t(kExpireBatch) || context.cancelled()) break;
  }
  // The next deadline: the earliest expiry still ahead.
  return context.Commit([&](store::Connection& c) -> core::Result<core::Json> {
    core::Result<std::optional<core::Timestamp>> next = CheckinRepository::NextExpiry(c);
    if (!next) return next.error();
    if (*next) deadlines_.ExpiresAt(**next);
    return core::Json{{"expired", expired},
                      {"next_expiry", *next ? core::Json((*next)->ToRfc3339()) : nullptr}};
  });
}

std::vector<scheduler::TaskParam> CleanupCheckinsTask::params() const {
  return {{"older_than", "duration", "ended check-ins that began before this are deleted", "7d",
           false}};
}

core::Result<void> CleanupCheckinsTask::Validate(const core::Json& params) const {
  core::Result<core::Duration> read = ReadRetention(params);
  if (!read) return read.error();
  return core::Ok();
}

core::Result<core::Json> CleanupCheckinsTask::Run(scheduler::TaskContext& context) {
  core::Result<core::Duration> older_than = ReadRetention(context.params());
  if (!older_than) return older_than.error();
  core::Timestamp cutoff = context.occurrence() - *older_than;
  return context.Commit([&](store::Connection& c) -> core::Result<core::Json> {
    core::Result<int64_t> removed = CheckinRepository::DeleteEndedBefore(c, cutoff);
    if (!removed) return removed.error();
    return core::Json{{"removed", *removed}};
  });
}

}  // namespace sessiond::checkins
