#pragma once

#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
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
  // Everything the server sends until it closes the connection.
  std::string ReadUntilClosed() {
    std::string out;
    boost::system::error_code ec;
    boost::asio::read(socket_, boost::asio::dynamic_buffer(out), ec);
    return out;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace sessiond::testing
