#include "scheduler/run.hpp"

#include <array>

namespace sessiond::scheduler {
namespace {

constexpr std::array<std::string_view, 5> kTriggerNames = {"schedule", "catch_up", "manual",
                                                           "backfill", "retry"};
constexpr std::array<std::string_view, 6> kStatusNames = {"running",   "succeeded", "failed",
                                                          "timed_out", "skipped",   "abandoned"};

}  // namespace

std::string_view TriggerName(Trigger trigger) { return kTriggerNames[size_t(trigger)]; }

std::optional<Trigger> ParseTrigger(std::string_view text) {
  for (size_t i = 0; i < kTriggerNames.size(); ++i) {
    if (kTriggerNames[i] == text) return Trigger(i);
  }
  return std::nullopt;
}

std::string_view RunStatusName(RunStatus status) { return kStatusNames[size_t(status)]; }

std::optional<RunStatus> ParseRunStatus(std::string_view text) {
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == text) return RunStatus(i);
  }
  return std::nullopt;
}

core::Json RunToJson(const Run& run) {
  return {{"id", run.id.ToString()},
          {"job", run.job},
          {"scheduled_for", run.scheduled_for.ToRfc3339()},
          {"trigger", TriggerName(run.trigger)},
          {"attempt", run.attempt},
          {"started_at", run.started_at.ToRfc3339()},
          {"finished_at", run.finished_at ? core::Json(run.finished_at->ToRfc3339()) : core::Json(nullptr)},
          {"status", RunStatusName(run.status)},
          {"result", run.result},
          {"error", run.error.empty() ? core::Json(nullptr) : core::Json(run.error)},
          {"dst_shifted", run.dst_shifted},
          {"node", run.node}};
}

}  // namespace sessiond::scheduler
