#pragma once

#include <string_view>

#include "core/json.hpp"
#include "core/result.hpp"
#include "domains/recurring/session.hpp"
#include "store/connection.hpp"

namespace sessiond::recurring {

// The realtime channel of session lifecycle events.
inline constexpr std::string_view kSessionsChannel = "sessions";

// Appends `type` ("session.activated", "session.closed", "session.created", "session.edited",
// "session.cancelled") about `session` to the event log, in the caller's unit of work, so the
// event commits with the change or not at all. Errors: the store's.
core::Result<void> PublishSession(store::Connection& c, std::string_view type, const Session& session,
                                  core::Timestamp now);
// The same for a change known only by id (the sweeps): {"id","template_id","at"}.
core::Result<void> PublishChange(store::Connection& c, std::string_view type, const core::Json& payload,
                                 core::Timestamp now);

}  // namespace sessiond::recurring
