#include "scheduler/job.hpp"

namespace sessiond::scheduler {

std::string_view OverlapName(Overlap overlap) {
  return overlap == Overlap::kQueue ? "queue" : "skip";
}

std::optional<Overlap> ParseOverlap(std::string_view text) {
  if (text == "skip") return Overlap::kSkip;
  if (text == "queue") return Overlap::kQueue;
  return std::nullopt;
}

std::string_view CatchUpName(CatchUp catch_up) {
  switch (catch_up) {
    case CatchUp::kNone: return "none";
    case CatchUp::kLatest: return "latest";
    case CatchUp::kAll: return "all";
  }
  return "none";
}

std::optional<CatchUp> ParseCatchUp(std::string_view text) {
  if (text == "none") return CatchUp::kNone;
  if (text == "latest") return CatchUp::kLatest;
  if (text == "all") return CatchUp::kAll;
  return std::nullopt;
}

core::Json JobToJson(const Job& job, const std::optional<Run>& last_run) {
  auto optional_time = [](const std::optional<core::Timestamp>& t) -> core::Json {
    return t ? core::Json(t->ToRfc3339()) : core::Json(nullptr);
  };
  return {{"name", job.name},
          {"schedule", job.schedule},
          {"timezone", job.timezone},
          {"task", job.task},
          {"params", job.params},
          {"active", job.active},
          {"overlap", OverlapName(job.overlap)},
          {"catch_up", CatchUpName(job.catch_up)},
          {"catch_up_window", job.catch_up_window.ToString()},
          {"timeout", job.timeout.ToString()},
          {"retries", job.retries},
          {"next_run_at", optional_time(job.next_run_at)},
          {"last_run", last_run ? RunToJson(*last_run) : core::Json(nullptr)},
          {"created_at", job.created_at.ToRfc3339()},
          {"updated_at", job.updated_at.ToRfc3339()}};
}

}  // namespace sessiond::scheduler
