#include "domains/recurring/session_template.hpp"

#include <array>

#include "domains/recurring/recurring_config.hpp"

namespace sessiond::recurring {
namespace {

constexpr std::array<std::string_view, 3> kNames = {"active", "paused", "deleted"};
constexpr int64_t kMaxCapacity = 1'000'000'000;

core::Error Invalid(std::string_view field, std::string message, std::string_view token = {}) {
  return core::Error::Field(core::ErrorCode::kUnprocessable, field, std::move(message), token);
}

core::Json OptionalDate(const std::optional<core::Date>& d) {
  return d ? core::Json(d->ToString()) : core::Json();
}

core::Result<core::Date> ReadDate(const core::Json& value, const std::string& field) {
  if (!value.is_string()) {
    return core::Error::Field(core::ErrorCode::kBadRequest, field, field + " must be a date string");
  }
  core::Result<core::Date> date = core::Date::Parse(value.get<std::string>());
  if (!date) return Invalid(field, field + " must be a date YYYY-MM-DD", value.get<std::string>());
  return *date;
}

}  // namespace

std::string_view TemplateStatusName(TemplateStatus status) { return kNames[size_t(status)]; }

std::optional<TemplateStatus> ParseTemplateStatus(std::string_view text) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return TemplateStatus(i);
  }
  return std::nullopt;
}

core::Result<Series> SessionTemplate::ToSeries() const {
  core::Result<core::TimeZone> zone = core::TimeZone::Find(timezone);
  if (!zone) return Invalid("timezone", "unknown time zone", timezone);
  return Series{rule, *zone, starts_on, ends_on, start_time, length, exdates};
}

bool SessionTemplate::SameSeriesAs(const SessionTemplate& o) const {
  auto same_length = [](const OccurrenceLength& a, const OccurrenceLength& b) {
    return a.end_time == b.end_time && a.end_next_day == b.end_next_day && a.duration == b.duration;
  };
  return timezone == o.timezone && rule.ToString() == o.rule.ToString() && exdates == o.exdates &&
         start_time == o.start_time && same_length(length, o.length) && starts_on == o.starts_on &&
         ends_on == o.ends_on;
}

core::Json TemplateToJson(const SessionTemplate& t, const std::optional<TemplateStats>& stats) {
  core::Json exdates = core::Json::array();
  for (const core::Date& d : t.exdates) exdates.push_back(d.ToString());
  core::Json out = {
      {"id", t.id.ToString()},
      {"name", t.name},
      {"description", t.description},
      {"timezone", t.timezone},
      {"rule", t.rule.ToString()},
      {"exdates", exdates},
      {"start_time", t.start_time.ToString()},
      {"end_time", t.length.end_time ? core::Json(t.length.end_time->ToString()) : core::Json()},
      {"end_next_day", t.length.end_next_day},
      {"duration", t.length.duration ? core::Json(t.length.duration->seconds()) : core::Json()},
      {"starts_on", t.starts_on.ToString()},
      {"ends_on", OptionalDate(t.ends_on)},
      {"capacity", t.capacity ? core::Json(*t.capacity) : core::Json()},
      {"metadata", t.metadata},
      {"status", TemplateStatusName(t.status)},
      {"created_at", t.created_at.ToRfc3339()},
      {"updated_at", t.updated_at.ToRfc3339()}};
  if (stats) {
    out["sessions_generated"] = stats->sessions_generated;
    out["earliest"] = OptionalDate(stats->earliest);
    out["latest"] = OptionalDate(stats->latest);
  }
  return out;
}

core::Result<void> ApplyTemplateBody(const core::Json& body, bool creating, core::Timestamp now,
                                     SessionTemplate& t) {
  if (!body.is_object()) return core::Error::BadRequest("the body must be a JSON object");
  core::ObjectReader in(body);
  std::optional<std::string> name = creating ? in.RequiredString("name") : in.OptionalString("name");
  std::optional<std::string> description = in.OptionalString("description");
  std::optional<std::string> timezone = in.OptionalString("timezone");
  std::optional<std::string> rule = in.OptionalString("rule");
  std::optional<core::Json> config = in.OptionalAny("recurring_config");
  std::optional<core::Json> exdates = in.OptionalAny("exdates");
  std::optional<std::string> start_time = in.OptionalString("start_time");
  std::optional<std::string> end_time = in.OptionalString("end_time");
  std::optional<bool> end_next_day = in.OptionalBool("end_next_day");
  std::optional<core::Duration> duration = in.OptionalDuration("duration");
  std::optional<std::string> starts_on = in.OptionalString("starts_on");
  std::optional<core::Json> ends_on = body.contains("ends_on") ? std::optional<core::Json>(body["ends_on"]) : std::nullopt;
  (void)in.OptionalAny("ends_on");
  std::optional<core::Json> capacity = body.contains("capacity") ? std::optional<core::Json>(body["capacity"]) : std::nullopt;
  (void)in.OptionalAny("capacity");
  std::optional<core::Json> metadata = in.OptionalObject("metadata");
  std::optional<std::string> status = in.OptionalString("status");
  if (auto error = in.Finish()) return *error;

  if (name) {
    if (name->empty() || name->size() > 200) return Invalid("name", "name is 1 to 200 characters");
    t.name = *name;
  }
  if (description) t.description = *description;
  if (timezone) {
    if (!core::TimeZone::Find(*timezone)) return Invalid("timezone", "unknown time zone", *timezone);
    t.timezone = *timezone;
  }
  if (config) {
    if (rule || start_time || end_time || duration) {
      return Invalid("recurring_config", "recurring_config replaces rule, start_time, end_time and duration; give one form");
    }
    core::Result<ConfigRule> converted = ConvertRecurringConfig(*config);
    if (!converted) return converted.error();
    t.rule = converted->rule;
    t.start_time = converted->start_time;
    t.length = OccurrenceLength{converted->end_time, false, std::nullopt};
  } else if (creating && !rule) {
    return Invalid("rule", "rule (or recurring_config) is required");
  }
  if (rule) {
    core::Result<Rule> parsed = Rule::Parse(*rule, "rule");
    if (!parsed) return parsed.error();
    t.rule = *parsed;
  }
  if (start_time) {
    core::Result<TimeOfDay> parsed = TimeOfDay::Parse(*start_time, "start_time");
    if (!parsed) return parsed.error();
    t.start_time = *parsed;
  } else if (creating && !config) {
    return Invalid("start_time", "start_time is required");
  }
  if (end_time && duration) return Invalid("duration", "give end_time or duration, not both");
  if (end_time) {
    core::Result<TimeOfDay> parsed = TimeOfDay::Parse(*end_time, "end_time");
    if (!parsed) return parsed.error();
    t.length.end_time = *parsed;
    t.length.duration.reset();
  }
  if (duration) {
    if (*duration <= core::Duration() || *duration > core::Duration::Days(7)) {
      return Invalid("duration", "duration must be more than 0 and at most 7d", duration->ToString());
    }
    t.length.duration = *duration;
    t.length.end_time.reset();
    t.length.end_next_day = false;
  }
  if (end_next_day) t.length.end_next_day = *end_next_day;
  if (!t.length.end_time && !t.length.duration) {
    return Invalid("end_time", "end_time or duration is required");
  }
  if (t.length.end_time && !t.length.end_next_day && *t.length.end_time <= t.start_time) {
    return Invalid("end_time",
                   "end_time must be after start_time; set end_next_day to cross midnight",
                   t.length.end_time->ToString());
  }
  if (exdates) {
    if (!exdates->is_array()) {
      return core::Error::Field(core::ErrorCode::kBadRequest, "exdates", "exdates must be a list of dates");
    }
    t.exdates.clear();
    for (size_t i = 0; i < exdates->size(); ++i) {
      core::Result<core::Date> d = ReadDate((*exdates)[i], "exdates." + std::to_string(i));
      if (!d) return d.error();
      t.exdates.push_back(*d);
    }
    std::sort(t.exdates.begin(), t.exdates.end());
    t.exdates.erase(std::unique(t.exdates.begin(), t.exdates.end()), t.exdates.end());
  }
  core::Result<core::TimeZone> zone = core::TimeZone::Find(t.timezone);
  if (!zone) return Invalid("timezone", "unknown time zone", t.timezone);
  if (starts_on) {
    core::Result<core::Date> d = ReadDate(*starts_on, "starts_on");
    if (!d) return d.error();
    t.starts_on = *d;
  } else if (creating) {
    t.starts_on = zone->ToLocal(now).date;
  }
  if (ends_on) {
    if (ends_on->is_null()) {
      t.ends_on.reset();
    } else {
      core::Result<core::Date> d = ReadDate(*ends_on, "ends_on");
      if (!d) return d.error();
      t.ends_on = *d;
    }
  }
  if (t.ends_on && *t.ends_on < t.starts_on) {
    return Invalid("ends_on", "ends_on must not be before starts_on", t.ends_on->ToString());
  }
  if (capacity) {
    if (capacity->is_null()) {
      t.capacity.reset();
    } else if (!capacity->is_number_integer()) {
      return core::Error::Field(core::ErrorCode::kBadRequest, "capacity", "capacity must be an integer");
    } else {
      int64_t n = capacity->get<int64_t>();
      if (n < 0 || n > kMaxCapacity) return Invalid("capacity", "capacity must be from 0 to 1000000000");
      t.capacity = n;
    }
  }
  if (metadata) t.metadata = *metadata;
  if (status) {
    std::optional<TemplateStatus> parsed = ParseTemplateStatus(*status);
    if (!parsed || *parsed == TemplateStatus::kDeleted) {
      return Invalid("status", "status is active or paused (DELETE removes a template)", *status);
    }
    t.status = *parsed;
  }
  if (t.rule.until) {
    Series series{t.rule, *zone, t.starts_on, t.ends_on, t.start_time, t.length, t.exdates};
    const Until& until = *t.rule.until;
    core::LocalDateTime first{t.starts_on, t.start_time.hour, t.start_time.minute, t.start_time.second};
    bool before = until.utc ? until.instant < series.FirstStart() : until.local < first;
    if (before) {
      std::string text = t.rule.ToString();
      size_t at = text.find("UNTIL=");
      return Invalid("rule", "UNTIL is before the first occurrence (starts_on at start_time)",
                     text.substr(at, text.find(';', at) - at));
    }
  }
  return core::Ok();
}

}  // namespace sessiond::recurring
