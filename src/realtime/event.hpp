#pragma once

#include <cstdint>
#include <string>

#include "core/json.hpp"
#include "core/timestamp.hpp"

namespace sessiond::realtime {

// One entry of the event log: something that changed, on one channel. `id` grows in commit
// order across all channels; it is the SSE event id clients resume from.
struct Event {
  int64_t id = 0;
  std::string channel;
  std::string type;     // e.g. "checkin.expired"
  core::Json payload;   // the resource as the API returns it
  core::Timestamp created_at;
};

// The Server-Sent Events frame of `event`: `id:`, `event:` and `data:` lines and a blank line.
// The data is `{"channel","type","payload","created_at"}` on one line.
std::string FormatSse(const Event& event);

// {"id","channel","type","payload","created_at"}.
core::Json EventToJson(const Event& event);

}  // namespace sessiond::realtime
