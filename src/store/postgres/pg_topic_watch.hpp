#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "store/database.hpp"
#include "store/postgres/pg_handles.hpp"

namespace sessiond::store::postgres {

// LISTEN on a connection of its own, on a thread of its own: calls `on_change` for every
// notification of the topic, and once after each reconnection (notifications sent while the
// connection was down are lost, so the reader must look again). Stops when destroyed.
class PgTopicWatch final : public TopicWatch {
 public:
  PgTopicWatch(std::string url, std::string topic, std::function<void()> on_change);
  ~PgTopicWatch() override;

 private:
  void Loop();
  // Connects and LISTENs; false when the server cannot be reached or refuses.
  bool Connect();
  // Waits up to the poll interval for notifications and delivers them; false when the
  // connection broke.
  bool Receive();

  const std::string url_;
  const std::string topic_;
  const std::function<void()> on_change_;
  ConnHandle conn_;  // the watch thread's only
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace sessiond::store::postgres
