#include "realtime/api/event_stream.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "realtime/event_log.hpp"
#include "store/async.hpp"

namespace sessiond::realtime {
namespace {

namespace asio = boost::asio;

// How long a client waits before reconnecting after the stream ends.
constexpr const char* kRetry = "retry: 3000\n\n";
// Events per catch-up read from the log (and so per piece written).
constexpr int kCatchUpPage = 500;

std::string Frame(std::string_view type, const core::Json& data) {
  return "event: " + std::string(type) + "\ndata: " + data.dump() + "\n\n";
}

}  // namespace

std::shared_ptr<EventStream> EventStream::Open(StreamEnv env, StreamSettings settings,
                                               asio::any_io_executor executor) {
  std::shared_ptr<EventStream> stream(new EventStream(env, std::move(settings), executor));
  std::weak_ptr<EventStream> weak = stream;
  stream->subscription_ =
      env.hub.Subscribe(stream->settings_.channels, [weak, executor] {
        // From the hub's thread: the timer belongs to the connection's strand.
        asio::post(executor, [weak] {
          if (auto self = weak.lock()) self->timer_.cancel();
        });
      });
  return stream;
}

EventStream::EventStream(StreamEnv env, StreamSettings settings, asio::any_io_executor executor)
    : env_(env), settings_(std::move(settings)), timer_(executor) {}

EventStream::~EventStream() {
  if (subscription_) env_.hub.Unsubscribe(subscription_);
}

void EventStream::Stop() {
  stopped_ = true;
  timer_.cancel();
}

asio::awaitable<std::string> EventStream::Next() {
  if (stopped_ || phase_ == Phase::kEnded) co_return std::string();
  if (phase_ == Phase::kOpening) co_return co_await Opening();
  if (phase_ == Phase::kCatchingUp) {
    std::string page = co_await CatchUp();
    if (!page.empty()) co_return page;
  }
  for (;;) {
    if (stopped_) co_return std::string();
    bool overflowed = false;
    std::vector<LiveEventPtr> events = subscription_->Take(overflowed);
    if (overflowed) {
      // Cut off: it resumes from its last id and reads the rest from the log.
      phase_ = Phase::kEnded;
      co_return Frame("overflow", {{"message", "the subscriber fell too far behind; resume "
                                               "with Last-Event-ID"}});
    }
    std::erase_if(events, [&](const LiveEventPtr& e) { return e->event.id <= live_after_; });
    if (!events.empty()) co_return DeliverLive(events);

    core::Timestamp now = env_.clock.Now();
    if (now >= settings_.auth_expires_at) {
      phase_ = Phase::kEnded;
      co_return Frame("auth_expired", {{"message", "the token expired; reconnect with a new "
                                                   "one and Last-Event-ID"}});
    }
    core::Duration wait = std::min(settings_.heartbeat, settings_.auth_expires_at - now);
    timer_.expires_after(wait.ToChrono());
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    // Cancelled: events were queued, or a stop. Expired: a heartbeat is due (or the expiry,
    // found at the top of the loop).
    if (!ec && env_.clock.Now() < settings_.auth_expires_at) co_return ": heartbeat\n\n";
  }
}

asio::awaitable<std::string> EventStream::Opening() {
  std::string out = kRetry;
  phase_ = Phase::kLive;
  if (!settings_.resume_after) co_return out;

  int64_t last_seen = *settings_.resume_after;
  int64_t through = subscription_->start_id();
  std::optional<int64_t> pruned;
  std::optional<int64_t> oldest;
  int64_t latest = 0;
  core::Result<void> read = co_await store::AsyncRead(env_.db, [&](store::Connection& c)
                                                                   -> core::Result<void> {
    core::Result<int64_t> p = PrunedThrough(c);
    if (!p) return p.error();
    pruned = *p;
    core::Result<std::vector<Event>> first = ReadEventsAfter(c, *p, 1);
    if (!first) return first.error();
    if (!first->empty()) oldest = first->front().id;
    core::Result<int64_t> newest = LatestEventId(c);
    if (!newest) return newest.error();
    latest = *newest;
    return core::Ok();
  });
  if (!read) {
    // The client gets to try again; the stream ends without losing its place.
    phase_ = Phase::kEnded;
    co_return out + Frame("stream_error", {{"message", "the event log could not be read: " +
                                                           read.error().message}});
  }
  caught_up_through_ = last_seen;
  // Judged against the log itself, not this node's hub, which may not have read the newest
  // events yet (another node committed them a moment ago).
  bool unknown = last_seen > std::max(latest, through);
  if (last_seen < *pruned || unknown) {
    // Events after `last_seen` are gone (pruned), or the id is not of this log: say so, and
    // replay what is kept.
    core::Json data = {{"last_event_id", last_seen},
                       {"oldest_id", oldest ? core::Json(*oldest) : core::Json(nullptr)},
                       {"message", unknown ? "Last-Event-ID is not in this event log"
                                           : "events after Last-Event-ID were pruned"}};
    out += Frame("reset", data);
    caught_up_through_ = unknown ? through : *pruned;
  }
  // Live events the client already has (it saw them on a node ahead of this one) are skipped.
  live_after_ = std::max(through, caught_up_through_);
  phase_ = Phase::kCatchingUp;
  co_return out;
}

asio::awaitable<std::string> EventStream::CatchUp() {
  int64_t through = subscription_->start_id();
  std::vector<Event> page;
  core::Result<void> read = co_await store::AsyncRead(env_.db, [&](store::Connection& c)
                                                                   -> core::Result<void> {
    core::Result<std::vector<Event>> events =
        ReadChannelEvents(c, settings_.channels, caught_up_through_, through, kCatchUpPage);
    if (!events) return events.error();
    page = std::move(*events);
    return core::Ok();
  });
  if (!read) {
    phase_ = Phase::kEnded;
    co_return Frame("stream_error", {{"message", "the event log could not be read: " +
                                                     read.error().message}});
  }
  if (page.size() < size_t(kCatchUpPage)) phase_ = Phase::kLive;
  if (page.empty()) co_return std::string();
  caught_up_through_ = page.back().id;
  co_return DeliverCaughtUp(page);
}

std::string EventStream::DeliverCaughtUp(const std::vector<Event>& events) {
  std::string out;
  for (const Event& event : events) out += FormatSse(event);
  env_.delivered.Inc(events.size());
  return out;
}

std::string EventStream::DeliverLive(const std::vector<LiveEventPtr>& events) {
  std::string out;
  core::Timestamp now = env_.clock.Now();
  for (const LiveEventPtr& live : events) {
    out += live->frame;
    // Live events only: a resume's catch-up is old by design.
    env_.delivery_lag.Observe(
        std::max(0.0, double((now - live->event.created_at).micros()) / 1e6));
  }
  env_.delivered.Inc(events.size());
  return out;
}

}  // namespace sessiond::realtime
