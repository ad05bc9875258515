#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/clock.hpp"
#include "core/duration.hpp"
#include "core/metrics.hpp"
#include "http/body_stream.hpp"
#include "realtime/hub.hpp"
#include "store/database.hpp"

namespace sessiond::realtime {

struct StreamSettings {
  std::vector<std::string> channels;
  // The last id the client saw (Last-Event-ID), for a resume; none for a new subscription.
  std::optional<int64_t> resume_after;
  // The token's expiry: the stream ends with `auth_expired` then.
  core::Timestamp auth_expires_at;
  core::Duration heartbeat = core::Duration::Seconds(15);
};

// What one SSE stream needs of the server.
struct StreamEnv {
  Hub& hub;
  store::Database& db;
  const core::Clock& clock;
  core::Counter& delivered;
  core::Histogram& delivery_lag;
};

// One subscriber's Server-Sent Events: `retry:` first; on a resume, the events it missed read
// from the log (or `reset` when they were pruned); then the live events the hub queues for
// it, a heartbeat comment when there is nothing to say for a while, and `auth_expired` when
// the token runs out. A subscriber that falls a whole buffer behind is cut off.
class EventStream final : public http::BodyStream,
                          public std::enable_shared_from_this<EventStream> {
 public:
  // Subscribes at once: events committed from now on are queued for this stream.
  static std::shared_ptr<EventStream> Open(StreamEnv env, StreamSettings settings,
                                           boost::asio::any_io_executor executor);
  ~EventStream() override;

  boost::asio::awaitable<std::string> Next() override;
  void Stop() override;

 private:
  EventStream(StreamEnv env, StreamSettings settings, boost::asio::any_io_executor executor);

  // The first piece: `retry:`, and for a resume the `reset` event if needed.
  boost::asio::awaitable<std::string> Opening();
  // The next page of missed events from the log; empty once caught up.
  boost::asio::awaitable<std::string> CatchUp();
  // Frames a page of missed events read from the log.
  std::string DeliverCaughtUp(const std::vector<Event>& events);
  // Joins the frames of live events (formatted once by the hub) and records their lag.
  std::string DeliverLive(const std::vector<LiveEventPtr>& events);

  enum class Phase { kOpening, kCatchingUp, kLive, kEnded };

  StreamEnv env_;
  StreamSettings settings_;
  boost::asio::steady_timer timer_;  // the wait for events, a heartbeat or the expiry
  std::shared_ptr<Subscription> subscription_;
  Phase phase_ = Phase::kOpening;
  int64_t caught_up_through_ = 0;  // catch-up: the last id read from the log
  int64_t live_after_ = 0;         // live events up to this id were sent already
  bool stopped_ = false;
};

}  // namespace sessiond::realtime
