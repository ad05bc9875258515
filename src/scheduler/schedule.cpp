#include "scheduler/schedule.hpp"

#include <charconv>

#include "scheduler/cron_matcher.hpp"
#include "scheduler/cron_parser.hpp"

namespace sessiond::scheduler {
namespace {

using core::Duration;
using core::Error;
using core::Timestamp;
using std::chrono::local_seconds;
using std::chrono::seconds;

// A schedule that cannot fire more often than this is refused as an interval: it would be a
// busy loop, not a schedule.
constexpr Duration kMinInterval = Duration::Seconds(1);
// An interval longer than the calendar's period would next fire beyond the horizon NextAfter
// promises (kCronSearchYears), and a long enough one overflows the instant's microseconds.
constexpr Duration kMaxInterval = Duration::Days(int64_t{366} * kCronSearchYears);
// Safety bound on the steps of the DST-aware walks; real schedules need a handful.
constexpr int kMaxSteps = 100'000;

Error InvalidInterval(std::string_view text, std::string message) {
  Error error = Error::Field(core::ErrorCode::kUnprocessable, "schedule", std::move(message), text);
  error.details["part"] = "interval";
  return error;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "every 30s" or pg_cron's "30 seconds"; nullopt when `text` is neither form.
std::optional<core::Result<Duration>> ParseInterval(std::string_view text) {
  if (text.starts_with("every ")) {
    std::string_view amount = Trim(text.substr(6));
    core::Result<Duration> period = Duration::Parse(amount);
    if (!period || amount.find_first_not_of("0123456789") == std::string_view::npos) {
      return InvalidInterval(amount, "invalid interval '" + std::string(amount) +
                                         "': expected a number with a unit (30s, 5m, 2h)");
    }
    if (*period < kMinInterval || *period > kMaxInterval || period->micros() % 1'000'000 != 0) {
      return InvalidInterval(amount, "interval must be a whole number of seconds, from 1s to " +
                                         kMaxInterval.ToString());
    }
    return *period;
  }
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view unit = Trim(text.substr(space + 1));
  if (unit != "seconds" && unit != "second") return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + space, n);
  if (ec != std::errc() || end != text.data() + space || n < 1 || n > 59) {
    return InvalidInterval(text.substr(0, space), "pg_cron interval must be 1 to 59 seconds");
  }
  return Duration::Seconds(n);
}

std::optional<Occurrence> NextInterval(Duration period, Timestamp after) {
  int64_t p = period.micros();
  int64_t us = after.micros();
  int64_t floor = us / p * p - (us % p < 0 ? p : 0);
  return Occurrence{Timestamp::FromMicros(floor + p)};
}

local_seconds ToLocalSeconds(Timestamp t, int offset_seconds) {
  return local_seconds{seconds{t.seconds() + offset_seconds}};
}

// Fixed wall times: walk matching local times in order and resolve each in the zone; the
// first whose instant is after `after` wins. Resolution is monotonic in local time, so no
// local time before local(after) can win.
std::optional<Occurrence> NextFixed(const CronFields& cron, Timestamp after,
                                    const core::TimeZone& zone) {
  local_seconds candidate = ToLocalSeconds(after, zone.OffsetSecondsAt(after)) + seconds{1};
  for (int step = 0; step < kMaxSteps; ++step) {
    std::optional<local_seconds> match = NextLocalMatch(cron, candidate);
    if (!match) return std::nullopt;
    core::ResolvedLocalTime resolved = zone.Resolve(core::LocalDateTime::FromLocalSeconds(*match));
    if (resolved.instant > after) return Occurrence{resolved.instant, resolved.shifted_by_gap};
    candidate = *match + seconds{1};
  }
  return std::nullopt;
}

// Real time: within a period of constant offset local time maps one to one onto UTC, so look
// for the next match there and move to the next period when it falls beyond this one.
std::optional<Occurrence> NextRealTime(const CronFields& cron, Timestamp after,
                                       const core::TimeZone& zone) {
  Timestamp t = Timestamp::FromSeconds(after.seconds() + 1);
  for (int step = 0; step < kMaxSteps; ++step) {
    core::ZonePeriod period = zone.PeriodAt(t);
    std::optional<local_seconds> match =
        NextLocalMatch(cron, ToLocalSeconds(t, period.offset_seconds));
    if (!match) return std::nullopt;
    Timestamp instant =
        Timestamp::FromSeconds(match->time_since_epoch().count() - period.offset_seconds);
    if (instant < period.end) return Occurrence{instant};
    t = period.end;
  }
  return std::nullopt;
}

}  // namespace

core::Result<Schedule> Schedule::Parse(std::string_view text) {
  std::string_view trimmed = Trim(text);
  if (trimmed.empty()) {
    return Error::Field(core::ErrorCode::kUnprocessable, "schedule", "schedule is empty");
  }
  if (std::optional<core::Result<Duration>> interval = ParseInterval(trimmed)) {
    if (!*interval) return interval->error();
    return Schedule(std::string(trimmed), **interval);
  }
  core::Result<CronFields> cron = ParseCron(trimmed);
  if (!cron) return cron.error();
  return Schedule(std::string(trimmed), *cron);
}

std::optional<Occurrence> Schedule::NextAfter(Timestamp after, const core::TimeZone& zone) const {
  if (const Duration* period = std::get_if<Duration>(&rule_)) return NextInterval(*period, after);
  const CronFields& cron = std::get<CronFields>(rule_);
  return cron.fixed_time ? NextFixed(cron, after, zone) : NextRealTime(cron, after, zone);
}

}  // namespace sessiond::scheduler
