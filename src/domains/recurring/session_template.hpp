#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "domains/recurring/series.hpp"

namespace sessiond::recurring {

// active: generates sessions. paused: keeps its sessions, generates none. deleted: its future
// scheduled sessions were cancelled; kept for history, changes nothing any more.
enum class TemplateStatus { kActive, kPaused, kDeleted };

std::string_view TemplateStatusName(TemplateStatus status);
std::optional<TemplateStatus> ParseTemplateStatus(std::string_view text);

// A recurring session template as stored: what to generate (name, capacity, metadata) and
// when (the series). A plain value.
struct SessionTemplate {
  core::Uuid id;
  std::string name;
  std::string description;
  std::string timezone = "UTC";
  Rule rule;
  std::vector<core::Date> exdates;
  TimeOfDay start_time;
  OccurrenceLength length;
  core::Date starts_on;
  std::optional<core::Date> ends_on;
  std::optional<int64_t> capacity;
  core::Json metadata = core::Json::object();
  TemplateStatus status = TemplateStatus::kActive;
  core::Timestamp created_at;
  core::Timestamp updated_at;

  // The series this template describes. Errors: kUnprocessable naming `timezone` when the
  // zone is unknown to this machine's tzdb.
  core::Result<Series> ToSeries() const;
  // True when `other` describes different occurrences (dates or times).
  bool SameSeriesAs(const SessionTemplate& other) const;
};

// What GET /v1/templates/{id} adds, as the seed's monitoring query counts it.
struct TemplateStats {
  int64_t sessions_generated = 0;
  std::optional<core::Date> earliest;
  std::optional<core::Date> latest;
};

core::Json TemplateToJson(const SessionTemplate& t, const std::optional<TemplateStats>& stats);

// Applies a POST (creating) or PATCH body to `t` and checks the result as a whole.
// `today` gives the default starts_on: today in the template's zone.
// Errors: kBadRequest (wrong JSON type) or kUnprocessable (invalid value) naming the field.
core::Result<void> ApplyTemplateBody(const core::Json& body, bool creating, core::Timestamp now,
                                     SessionTemplate& t);

}  // namespace sessiond::recurring
