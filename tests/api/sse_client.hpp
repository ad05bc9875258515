#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sessiond::testing {

// One Server-Sent Events frame as a client sees it.
struct SseEvent {
  std::string id;
  std::string type;     // `event:`; "message" when absent
  std::string data;
  bool heartbeat = false;  // a `:` comment line alone
  nlohmann::json Json() const { return nlohmann::json::parse(data, nullptr, false); }
};

// A loopback SSE subscription on a plain socket: sends GET /v1/realtime, then reads frames
// as they come, each read bounded by a deadline (never waiting on the clock for time to pass).
class SseClient {
 public:
  // Connects and sends the request; `last_event_id` goes in the Last-Event-ID header.
  SseClient(int port, const std::string& token, const std::string& channels,
            const std::string& last_event_id = "");
  ~SseClient();
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // The status line and header fields, read once.
  std::string Head(std::chrono::milliseconds bound = std::chrono::seconds(10));
  // The next frame, skipping `retry:` lines; heartbeats only when `heartbeats`. nullopt when
  // the stream ended or nothing came within `bound`.
  std::optional<SseEvent> Next(std::chrono::milliseconds bound = std::chrono::seconds(10),
                               bool heartbeats = false);
  // True once the server closed the stream.
  bool closed() const { return closed_; }

 private:
  // Reads more bytes into buffer_ before `deadline`; false on close or timeout.
  bool Fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
  bool head_read_ = false;
  bool closed_ = false;
};

}  // namespace sessiond::testing
