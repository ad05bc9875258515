#include "test_endpoint.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

namespace sessiond::testing {

using boost::asio::ip::tcp;

TestEndpoint::TestEndpoint(int hang_first)
    : acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
      hang_first_(hang_first) {
  port_ = acceptor_.local_endpoint().port();
  acceptor_thread_ = std::thread([this] { Accept(); });
}

TestEndpoint::~TestEndpoint() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    changed_.notify_all();
    for (auto& socket : sockets_) {
      boost::system::error_code ignored;
      socket->shutdown(tcp::socket::shutdown_both, ignored);
    }
  }
  // A blocking accept() is not woken by closing the acceptor from another thread: connect
  // once, so that it returns and sees stopping_.
  boost::system::error_code ignored;
  {
    boost::asio::io_context io;
    tcp::socket wake(io);
    wake.connect(acceptor_.local_endpoint(), ignored);
  }
  acceptor_thread_.join();
  acceptor_.close(ignored);
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads.swap(threads_);
  }
  for (auto& thread : threads) thread.join();
}

std::string TestEndpoint::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

bool TestEndpoint::WaitForRequests(int n, std::chrono::milliseconds bound) {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, bound, [&] { return requests_ >= n; });
}

int TestEndpoint::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void TestEndpoint::Accept() {
  while (true) {
    auto socket = std::make_shared<tcp::socket>(io_);
    boost::system::error_code error;
    acceptor_.accept(*socket, error);
    if (error) return;  // closed by the destructor
    std::lock_guard lock(mu_);
    if (stopping_) return;
    sockets_.push_back(socket);
    threads_.emplace_back([this, socket] { Serve(socket); });
  }
}

void TestEndpoint::Serve(std::shared_ptr<tcp::socket> socket) {
  std::string buffer;
  boost::system::error_code error;
  boost::asio::read_until(*socket, boost::asio::dynamic_buffer(buffer), "\r\n\r\n", error);
  if (error) return;
  bool hang = false;
  {
    std::unique_lock lock(mu_);
    hang = ++requests_ <= hang_first_;
    changed_.notify_all();
    // A hanging request waits for the end of the test (the destructor shuts the socket).
    if (hang) changed_.wait(lock, [this] { return stopping_; });
  }
  if (hang) return;
  const std::string reply =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
  boost::asio::write(*socket, boost::asio::buffer(reply), error);
}

}  // namespace sessiond::testing
