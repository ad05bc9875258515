#include "realtime/api/channel_policy.hpp"

#include <algorithm>


namespace sessiond::realtime {
namespace {

constexpr std::string_view kUserPrefix = "user:";

core::Error Unknown(const std::string& channel, std::string message) {
  return core::Error::Field(core::ErrorCode::kUnprocessable, "channels", std::move(message),
                            channel);
}

core::Result<void> Authorize(const std::string& channel, const auth::Principal& principal) {
  auto forbidden = [&] {
    return core::Error::Field(core::ErrorCode::kForbidden, "channels",
                              "this token may not follow channel '" + channel + "'", channel);
  };
  if (channel == "presence") {
    return principal.IsService() ? core::Ok() : core::Result<void>(forbidden());
  }
  if (channel == "jobs") {
    return principal.IsService() || principal.IsAdmin() ? core::Ok()
                                                        : core::Result<void>(forbidden());
  }
  if (channel == "sessions") return core::Ok();
  if (channel.starts_with(kUserPrefix)) {
    std::string_view user = std::string_view(channel).substr(kUserPrefix.size());
    if (user.empty()) return Unknown(channel, "channel user:{id} needs a user id");
    if (principal.IsService() || user == principal.subject) return core::Ok();
    return forbidden();
  }
  return Unknown(channel, "unknown channel '" + channel +
                              "'; known: presence, jobs, sessions, user:{id}");
}

}  // namespace

core::Result<std::vector<std::string>> AuthorizeChannels(std::string_view list,
                                                         const auth::Principal& principal) {
  std::vector<std::string> channels;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string channel(list.substr(start, comma - start));
    if (channel.empty()) {
      return core::Error::Field(core::ErrorCode::kUnprocessable, "channels",
                                "channels must be a comma-separated list of channel names",
                                std::string(list));
    }
    if (std::find(channels.begin(), channels.end(), channel) != channels.end()) {
      return Unknown(channel, "channel '" + channel + "' is listed twice");
    }
    if (core::Result<void> allowed = Authorize(channel, principal); !allowed) {
      return allowed.error();
    }
    channels.push_back(std::move(channel));
    if (channels.size() > kMaxChannels) {
      return core::Error::Field(core::ErrorCode::kUnprocessable, "channels",
                                "at most " + std::to_string(kMaxChannels) + " channels",
                                std::string(list));
    }
    start = comma + 1;
  }
  return channels;
}

}  // namespace sessiond::realtime
