#include "realtime/api/prune_events_task.hpp"

#include "realtime/event_log.hpp"

namespace sessiond::realtime {
namespace {

constexpr core::Duration kDefaultKeep = core::Duration::Days(3);

core::Result<core::Duration> ReadKeep(const core::Json& params) {
  core::ObjectReader reader(params, "params");
  core::Duration keep = reader.OptionalDuration("keep").value_or(kDefaultKeep);
  if (std::optional<core::Error> error = reader.Finish()) return *error;
  return keep;
}

}  // namespace

std::vector<scheduler::TaskParam> PruneEventsTask::params() const {
  return {{"keep", "duration", "events older than this are deleted", "3d", false}};
}

core::Result<void> PruneEventsTask::Validate(const core::Json& params) const {
  core::Result<core::Duration> keep = ReadKeep(params);
  if (!keep) return keep.error();
  return core::Ok();
}

core::Result<core::Json> PruneEventsTask::Run(scheduler::TaskContext& context) {
  core::Result<core::Duration> keep = ReadKeep(context.params());
  if (!keep) return keep.error();
  // Age counts from the occurrence, as every pruning task does.
  core::Timestamp before = context.occurrence() - *keep;
  return context.Commit([&](store::Connection& c) -> core::Result<core::Json> {
    core::Result<int64_t> deleted = PruneEvents(c, before);
    if (!deleted) return deleted.error();
    core::Result<int64_t> through = PrunedThrough(c);
    if (!through) return through.error();
    return core::Json{{"events_deleted", *deleted}, {"pruned_through", *through}};
  });
}

}  // namespace sessiond::realtime
