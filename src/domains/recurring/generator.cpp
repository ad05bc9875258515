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
  core::Json dates = core::Json::array();
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
    core::Result<bool> inserted = Repository::InsertOccurrence(c, s);
    if (!inserted) return inserted.error();
    if (!*inserted) continue;  // another node generated it first
    core::Result<void> logged = Repository::InsertLog(
        c, {ids.NewV7(now), t.id, s.id, s.scheduled_date, s.valid_from, std::string(trigger), now});
    if (!logged) return logged.error();
    dates.push_back(o.date.ToString());
    ++out.created;
  }
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
