#pragma once

#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "core/uuid.hpp"
#include "domains/recurring/generator.hpp"
#include "domains/recurring/repository.hpp"
#include "domains/recurring/session.hpp"
#include "domains/recurring/session_template.hpp"

namespace sessiond::recurring {

// The rules of templates and sessions, over a Connection lent by the caller's unit of work:
// everything one request changes (the template, its replaced sessions, the log, the events)
// commits together. Thread-safe: it keeps no state but the clock and the id generator.
// Errors of every method: the store's; kNotFound for an unknown id; kConflict for a change
// the state forbids (a deleted template, a closed session); kUnprocessable or kBadRequest
// naming the field for bad input, with nothing written.
class Service {
 public:
  explicit Service(const core::Clock& clock) : clock_(clock) {}

  // Creates a template and, when active, its sessions for the next kDefaultDaysAhead days.
  core::Result<SessionTemplate> CreateTemplate(store::Connection& c, const core::Json& body);
  // Changes a template. A change of its rule, times, zone, dates or exdates replaces its
  // future, scheduled, never edited sessions at once; edited and cancelled ones, and the
  // past, stay, and their dates get no new session. A change of name, capacity or metadata
  // is carried to the same sessions in place. Resuming a paused template generates.
  core::Result<SessionTemplate> UpdateTemplate(store::Connection& c, const core::Uuid& id,
                                               const core::Json& body);
  // Marks the template deleted and cancels its future scheduled sessions; history stays.
  core::Result<void> DeleteTemplate(store::Connection& c, const core::Uuid& id);
  // Generates one template now. kConflict when it is paused or deleted.
  core::Result<Generated> Generate(store::Connection& c, const core::Uuid& id, int days_ahead,
                                   std::string_view trigger);

  // A one-off session: {"name","valid_from","valid_until","timezone","capacity","metadata"}.
  core::Result<Session> CreateSession(store::Connection& c, const core::Json& body);
  // Edits one occurrence (name, valid_from, valid_until, capacity, metadata) and marks it
  // edited. Only scheduled and active sessions change.
  core::Result<Session> PatchSession(store::Connection& c, const core::Uuid& id, const core::Json& body);
  // Cancels one occurrence (scheduled or active); cancelling a cancelled one changes nothing.
  core::Result<Session> CancelSession(store::Connection& c, const core::Uuid& id);

  core::UuidGenerator& ids() { return ids_; }

 private:
  core::Result<void> ReplaceFuture(store::Connection& c, const SessionTemplate& before,
                                   const SessionTemplate& after, core::Timestamp now);

  const core::Clock& clock_;
  core::UuidGenerator ids_;
};

}  // namespace sessiond::recurring
