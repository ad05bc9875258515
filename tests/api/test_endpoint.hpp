#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace sessiond::testing {

// A loopback HTTP endpoint that the server's `http` task calls. It counts requests; the first
// `hang_first` of them get no answer (the connection stays open: a run stuck in flight), the
// others get 200. One thread per connection; all are released and joined by the destructor.
class TestEndpoint {
 public:
  explicit TestEndpoint(int hang_first = 0);
  ~TestEndpoint();

  int port() const { return port_; }
  std::string Url(const std::string& path = "/hook") const;
  // Waits (bounded) until `n` requests have arrived; false on timeout.
  bool WaitForRequests(int n, std::chrono::milliseconds bound = std::chrono::seconds(30));
  int requests() const;

 private:
  void Accept();
  void Serve(std::shared_ptr<boost::asio::ip::tcp::socket> socket);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  int hang_first_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  int requests_ = 0;           // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> sockets_;  // guarded by mu_
  std::vector<std::thread> threads_;  // guarded by mu_
  std::thread acceptor_thread_;
};

}  // namespace sessiond::testing
