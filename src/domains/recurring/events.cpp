#include "domains/recurring/events.hpp"

#include "realtime/event_log.hpp"

namespace sessiond::recurring {

core::Result<void> PublishSession(store::Connection& c, std::string_view type, const Session& session,
                                  core::Timestamp now) {
  return PublishChange(c, type, SessionToJson(session), now);
}

core::Result<void> PublishChange(store::Connection& c, std::string_view type, const core::Json& payload,
                                 core::Timestamp now) {
  core::Result<int64_t> id = realtime::AppendEvent(c, kSessionsChannel, type, payload, now);
  if (!id) return id.error();
  return core::Ok();
}

}  // namespace sessiond::recurring
