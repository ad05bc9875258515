#pragma once

// Before Boost: 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "store/database.hpp"

namespace sessiond::store {

// Awaits a unit of work from an Asio coroutine without blocking its I/O thread: the work runs
// on the store's threads and the coroutine resumes on its own executor afterwards.
//
//   core::Result<void> r = co_await AsyncWrite(db, [&](Connection& c) { ... });
//
// References captured by `work` stay valid: the coroutine frame is suspended until `done`.
boost::asio::awaitable<core::Result<void>> AsyncWrite(Database& db, Work work);
boost::asio::awaitable<core::Result<void>> AsyncRead(Database& db, Work work);
// Database::PingAsync for /readyz: ok or kUnavailable, without blocking the I/O thread.
boost::asio::awaitable<core::Result<void>> AsyncPing(Database& db);

}  // namespace sessiond::store
