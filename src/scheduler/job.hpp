#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "scheduler/run.hpp"

namespace sessiond::scheduler {

// What happens to an occurrence that comes due while the job's previous run still runs.
enum class Overlap {
  kSkip,   // record the occurrence as `skipped`, with the reason in `error`
  kQueue,  // run it when the previous run ends
};

// What happens, at start, to occurrences missed while no scheduler ran.
enum class CatchUp {
  kNone,    // forget them; resume from the next occurrence
  kLatest,  // run only the most recent one within the window
  kAll,     // run every one within the window, oldest first
};

std::string_view OverlapName(Overlap overlap);
std::optional<Overlap> ParseOverlap(std::string_view text);
std::string_view CatchUpName(CatchUp catch_up);
std::optional<CatchUp> ParseCatchUp(std::string_view text);

// A scheduled job as stored. Defaults are those of a job created with only name, schedule
// and task.
struct Job {
  std::string name;                        // [a-z0-9][a-z0-9-]{0,62}
  std::string schedule;                    // expression (schedule.hpp)
  std::string timezone = "UTC";            // IANA zone the schedule's wall times are read in
  std::string task;                        // registered task name
  core::Json params = core::Json::object();  // validated by the task
  bool active = true;
  Overlap overlap = Overlap::kSkip;
  CatchUp catch_up = CatchUp::kNone;
  core::Duration catch_up_window = core::Duration::Hours(24);
  core::Duration timeout = core::Duration::Minutes(5);
  int retries = 0;                         // extra attempts after a failure, with backoff
  // The latest occurrence the scheduler has dealt with (run, skipped or deliberately left
  // behind); catch-up looks for missed occurrences after it.
  std::optional<core::Timestamp> last_scheduled_for;
  std::optional<core::Timestamp> next_run_at;  // null while paused
  core::Timestamp created_at;
  core::Timestamp updated_at;
};

// The job as the API shows it, with its last run when there is one.
core::Json JobToJson(const Job& job, const std::optional<Run>& last_run);

}  // namespace sessiond::scheduler
