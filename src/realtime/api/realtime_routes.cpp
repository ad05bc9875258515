#include "realtime/api/realtime_routes.hpp"

#include <charconv>

#include <boost/asio/this_coro.hpp>

#include "realtime/api/channel_policy.hpp"
#include "realtime/api/event_stream.hpp"

namespace sessiond::realtime {
namespace {

using boost::asio::awaitable;
using http::RequestContext;
using http::Response;

// The id to resume after: the Last-Event-ID header (what EventSource sends on reconnecting),
// else the last_event_id query parameter; none for a new subscription.
core::Result<std::optional<int64_t>> ResumeAfter(const RequestContext& context) {
  std::string_view field = "Last-Event-ID";
  std::string text(context.Header("Last-Event-ID"));
  if (text.empty()) {
    std::optional<std::string> query = context.Query("last_event_id");
    if (!query) return std::optional<int64_t>();
    field = "last_event_id";
    text = *query;
  }
  int64_t id = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 0) {
    return core::Error::Field(core::ErrorCode::kUnprocessable, field,
                              std::string(field) + " must be an event id (a non-negative integer)",
                              text);
  }
  return std::optional<int64_t>(id);
}

}  // namespace

void RegisterRealtimeRoutes(http::Router& router, RealtimeApi api) {
  auto& delivered = api.metrics.GetCounter("sessiond_realtime_events_delivered_total",
                                           "Events written to realtime subscribers");
  auto& lag = api.metrics.GetHistogram(
      "sessiond_realtime_delivery_lag_seconds",
      "From an event's commit to its write to a subscriber", core::LatencyBuckets());
  router.Add(http::Method::get, "/v1/realtime",
             [api, &delivered, &lag](RequestContext& context) -> awaitable<Response> {
               std::optional<std::string> list = context.Query("channels");
               if (!list) {
                 co_return Response::FromError(core::Error::Field(
                     core::ErrorCode::kUnprocessable, "channels",
                     "channels is required, e.g. ?channels=presence,jobs"));
               }
               core::Result<std::vector<std::string>> channels =
                   AuthorizeChannels(*list, context.principal());
               if (!channels) co_return Response::FromError(channels.error());
               core::Result<std::optional<int64_t>> resume = ResumeAfter(context);
               if (!resume) co_return Response::FromError(resume.error());

               StreamSettings settings{std::move(*channels), *resume,
                                       context.principal().expires_at, api.heartbeat};
               auto executor = co_await boost::asio::this_coro::executor;
               auto stream = EventStream::Open({api.hub, api.db, api.clock, delivered, lag},
                                               std::move(settings), executor);
               co_return Response::Stream(std::move(stream), "text/event-stream");
             });
}

}  // namespace sessiond::realtime
