#include "store/postgres/pg_topic_watch.hpp"

#include <poll.h>

#include <cerrno>

#include <chrono>

#include <spdlog/spdlog.h>

namespace sessiond::store::postgres {
namespace {

// How long one wait for notifications lasts: also how long a stop may take.
constexpr int kPollMillis = 200;
// Between attempts to reach a server that is down.
constexpr std::chrono::milliseconds kReconnectDelay{500};

}  // namespace

PgTopicWatch::PgTopicWatch(std::string url, std::string topic, std::function<void()> on_change)
    : url_(std::move(url)), topic_(std::move(topic)), on_change_(std::move(on_change)) {
  thread_ = std::thread([this] { Loop(); });
}

PgTopicWatch::~PgTopicWatch() {
  stopping_ = true;
  thread_.join();
}

void PgTopicWatch::Loop() {
  bool connected_before = false;
  while (!stopping_) {
    if (!Connect()) {
      for (auto waited = std::chrono::milliseconds(0); waited < kReconnectDelay && !stopping_;
           waited += std::chrono::milliseconds(kPollMillis)) {
        ::poll(nullptr, 0, kPollMillis);
      }
      continue;
    }
    if (connected_before) on_change_();  // what was notified while we were away is unknown
    connected_before = true;
    while (!stopping_ && Receive()) {
    }
    if (!stopping_) spdlog::warn("store: lost the LISTEN connection for {}; reconnecting", topic_);
  }
}

bool PgTopicWatch::Connect() {
  conn_.reset(PQconnectdb(url_.c_str()));
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
    conn_.reset();
    return false;
  }
  char* quoted = PQescapeIdentifier(conn_.get(), topic_.c_str(), topic_.size());
  if (quoted == nullptr) return false;
  std::string sql = std::string("LISTEN ") + quoted;
  PQfreemem(quoted);
  ResultHandle result(PQexec(conn_.get(), sql.c_str()));
  if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    conn_.reset();
    return false;
  }
  return true;
}

bool PgTopicWatch::Receive() {
  pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
  if (fd.fd < 0) return false;
  int ready = ::poll(&fd, 1, kPollMillis);
  if (ready < 0) return errno == EINTR;
  if (ready == 0) return true;
  if (PQconsumeInput(conn_.get()) == 0) return false;
  bool notified = false;
  while (PGnotify* notify = PQnotifies(conn_.get())) {
    notified = true;
    PQfreemem(notify);
  }
  if (notified) on_change_();
  // A closed socket reads as ready with nothing consumed: PQstatus tells.
  return PQstatus(conn_.get()) == CONNECTION_OK;
}

}  // namespace sessiond::store::postgres
