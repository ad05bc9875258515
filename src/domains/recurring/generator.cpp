#include "domains/recurring/generator.hpp"

#include "domains/recurring/events.hpp"
#include "domains/recurring/repository.hpp"

namespace sessiond::recurring {

core::Result<Generated> GenerateSessions(store::Connection& c, const SessionTemplate& t,
                                         core::Timestamp now, int days_ahead,
                                         std::string_view trigger, core::UuidGenerator& ids) {
  core::Result<Series> series = t.ToSeries();
  if (!series) return series.error();
  core::Date today = series->zone.ToLocal(now).date;
  Generated out{0, today.AddDays(-1), today.AddDays(days_ahead)};
  core::Result<std::vector<Occurrence>> occurrences = series->Between(out.from, out.to);
  if (!occurrences) return occurrences.error();
  if (occurrences->empty()) return out;
  // One read of the dates already taken spares an insert attempt per existing session, which
  // makes the daily re-run over 30 days that are mostly generated cheap.
  core::Result<std::set<core::Date>> taken = Repository::TakenDates(c, t.id, out.from, out.to);
  if (!taken) return taken.error();
  std::vector<Session> fresh;
  for (const Occurrence& o : *occurrences) {
    if (o.end <= now || taken->contains(o.date)) continue;
    Session s;
    s.id = ids.NewV7(now);
    s.template_id = t.id;
    s.name = t.name;
    s.scheduled_date = o.date;
    s.occurrence_start = o.start;
    s.valid_from = o.start;
    s.valid_until = o.end;
    s.timezone = t.timezone;
    s.dst_shifted = o.dst_shifted;
    s.capacity = t.capacity;
    s.metadata = t.metadata;
    s.created_at = now;
    s.updated_at = now;
    fresh.push_back(std::move(s));
  }
  if (fresh.empty()) return out;
  core::Result<std::set<core::Uuid>> inserted = Repository::InsertOccurrences(c, fresh);
  if (!inserted) return inserted.error();
  // A session missing from `inserted` was generated first by another node: no log, no event.
  std::vector<LogEntry> log;
  core::Json dates = core::Json::array();
  for (const Session& s : fresh) {
    if (!inserted->contains(s.id)) continue;
    log.push_back({ids.NewV7(now), t.id, s.id, s.scheduled_date, s.valid_from, std::string(trigger), now});
    dates.push_back(s.scheduled_date.ToString());
  }
  if (core::Result<void> logged = Repository::InsertLogs(c, log); !logged) return logged.error();
  out.created = int(log.size());
  if (out.created > 0) {
    // One event per template and run rather than one per session: a month of sessions is one
    // change to a subscriber's calendar view.
    core::Result<void> published = PublishChange(
        c, "session.generated", {{"template_id", t.id.ToString()}, {"dates", dates}}, now);
    if (!published) return published.error();
  }
  return out;
}

}  // namespace sessiond::recurring
