#include "sse_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace sessiond::testing {
namespace {

using Clock = std::chrono::steady_clock;

bool IsChunkSizeLine(const std::string& line) {
  if (line.empty()) return false;
  for (char c : line) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

SseClient::SseClient(int port, const std::string& token, const std::string& channels,
                     const std::string& last_event_id) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(uint16_t(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  std::string request = "GET /v1/realtime?channels=" + channels + " HTTP/1.1\r\nHost: test\r\n" +
                        "Accept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n";
  if (!last_event_id.empty()) request += "Last-Event-ID: " + last_event_id + "\r\n";
  request += "\r\n";
  if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != ssize_t(request.size())) {
    throw std::runtime_error("cannot send the request");
  }
}

SseClient::~SseClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool SseClient::Fill(Clock::time_point deadline) {
  if (closed_) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd pfd{fd_, POLLIN, 0};
  if (::poll(&pfd, 1, int(left.count())) <= 0) return false;
  char chunk[8192];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    closed_ = true;
    return false;
  }
  buffer_.append(chunk, size_t(n));
  return true;
}

std::string SseClient::Head(std::chrono::milliseconds bound) {
  Clock::time_point deadline = Clock::now() + bound;
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(deadline)) return buffer_;
  }
  std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  head_read_ = true;
  return head;
}

std::optional<SseEvent> SseClient::Next(std::chrono::milliseconds bound, bool heartbeats) {
  Clock::time_point deadline = Clock::now() + bound;
  if (!head_read_) Head(bound);
  SseEvent event;
  bool any = false;
  for (;;) {
    size_t newline = buffer_.find('\n');
    if (newline == std::string::npos) {
      if (!Fill(deadline)) return std::nullopt;
      continue;
    }
    std::string line = buffer_.substr(0, newline);
    buffer_.erase(0, newline + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Chunked framing: the size lines carry no SSE field; a "0" size ends the stream.
    if (IsChunkSizeLine(line)) continue;
    if (line.empty()) {
      if (any) return event;
      continue;
    }
    if (line[0] == ':') {
      if (heartbeats) {
        event.heartbeat = true;
        event.data = line.substr(1);
        return event;
      }
      continue;
    }
    size_t colon = line.find(':');
    std::string field = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    if (field == "id") event.id = value, any = true;
    if (field == "event") event.type = value, any = true;
    if (field == "data") event.data += value, any = true;
  }
}

}  // namespace sessiond::testing
