#pragma once

// Before Boost: 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <string>

namespace sessiond::http {

// The body of a response produced over time, such as a Server-Sent Events stream. The server
// writes the response head, then each piece Next() returns, as soon as it returns it, until
// Next() returns an empty string or the client goes away; then it closes the connection.
// Both methods run on the connection's strand.
class BodyStream {
 public:
  virtual ~BodyStream() = default;

  // The next bytes to send; empty ends the body.
  virtual boost::asio::awaitable<std::string> Next() = 0;
  // The server is stopping: Next() must return an empty string soon (it may first return
  // what it has).
  virtual void Stop() = 0;
};

}  // namespace sessiond::http
