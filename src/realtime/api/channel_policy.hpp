#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"

namespace sessiond::realtime {

// The channels a subscriber may follow, decided at subscribe time (and again when its token
// expires, which ends the stream):
//   presence   check-ins starting, extended, ending, expiring      service role
//   jobs       job runs starting and finishing                      service role or admin
//   sessions   scheduled and recurring sessions' lifecycle          any signed-in user
//   user:{id}  that user's own events, mirrored from the others     that user or service role
//
// Parses `list` ("a,b", at most kMaxChannels, no duplicates) and checks each channel.
// Errors: kUnprocessable naming "channels" (with the token) for an empty list, an unknown or
// malformed channel; kForbidden naming the channel the principal may not read.
core::Result<std::vector<std::string>> AuthorizeChannels(std::string_view list,
                                                         const auth::Principal& principal);

inline constexpr size_t kMaxChannels = 16;

}  // namespace sessiond::realtime
