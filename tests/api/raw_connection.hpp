#pragma once

#include <string>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

namespace sessiond::testing {

// A plain loopback TCP connection for tests that must send bytes no HTTP client would:
// malformed requests, requests sent in pieces.
class RawConnection {
 public:
  explicit RawConnection(int port) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), uint16_t(port)});
  }
  void Send(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }
  // What the server sends up to and including the first `marker` (or up to the close).
  std::string ReadUntil(const std::string& marker) {
    boost::system::error_code ec;
    size_t n = boost::asio::read_until(socket_, boost::asio::dynamic_buffer(pending_), marker, ec);
    if (ec) n = pending_.size();
    std::string out = pending_.substr(0, n);
    pending_.erase(0, n);
    return out;
  }
  // Everything the server sends until it closes the connection.
  std::string ReadUntilClosed() {
    boost::system::error_code ec;
    boost::asio::read(socket_, boost::asio::dynamic_buffer(pending_), ec);
    return std::exchange(pending_, {});
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string pending_;  // read past the last marker
};

}  // namespace sessiond::testing
