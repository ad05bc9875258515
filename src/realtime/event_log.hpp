#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "realtime/event.hpp"
#include "store/connection.hpp"

namespace sessiond::realtime {

// The PostgreSQL NOTIFY channel that tells every node "the event log has grown".
inline constexpr const char* kEventsTopic = "sessiond_events";

// Appends an event to the log inside the caller's unit of work (the outbox): it is committed
// with the change it describes, or not at all. Returns its id. On PostgreSQL the append takes
// a transaction-level lock so that ids are committed in the order they are given (a reader
// that has seen id N never later finds a smaller one appear), and NOTIFYs the other nodes on
// commit. Errors: the store's.
core::Result<int64_t> AppendEvent(store::Connection& conn, std::string_view channel,
                                  std::string_view type, const core::Json& payload,
                                  core::Timestamp now);
// The same with the payload serialized already (one text shared by the events of a change
// on several channels; core::JsonWriter). Requires: `payload_json` is valid JSON.
core::Result<int64_t> AppendEventText(store::Connection& conn, std::string_view channel,
                                      std::string_view type, std::string payload_json,
                                      core::Timestamp now);

// Events with `after` < id, in id order, at most `limit`, of any channel.
core::Result<std::vector<Event>> ReadEventsAfter(store::Connection& conn, int64_t after,
                                                 int limit);

// Events of `channels` with `after` < id <= `through`, in id order, at most `limit`.
core::Result<std::vector<Event>> ReadChannelEvents(store::Connection& conn,
                                                   const std::vector<std::string>& channels,
                                                   int64_t after, int64_t through, int limit);

// The newest id in the log (0 when it was always empty).
core::Result<int64_t> LatestEventId(store::Connection& conn);

// Ids up to this one may have been pruned: a resume from below it has missed events.
core::Result<int64_t> PrunedThrough(store::Connection& conn);

// Deletes the events created before `cutoff` and records how far the log now starts.
// Returns how many were deleted.
core::Result<int64_t> PruneEvents(store::Connection& conn, core::Timestamp cutoff);

}  // namespace sessiond::realtime
