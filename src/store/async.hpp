#pragma once

// Before Boost: 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>

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

// AsyncWrite/AsyncRead for work that returns a value: `fn(Connection&)` returns Result<T>,
// committed when ok. The value comes back once the commit is durable.
//
//   core::Result<Job> job = co_await AsyncWriteValue<Job>(db, [&](Connection& c) {
//     return service.Create(c, body);
//   });
template <typename T, typename Fn>
boost::asio::awaitable<core::Result<T>> AsyncWriteValue(Database& db, Fn fn) {
  std::optional<core::Result<T>> out;
  core::Result<void> done = co_await AsyncWrite(db, [&](Connection& c) -> core::Result<void> {
    out.emplace(fn(c));
    if (!*out) return out->error();
    return core::Ok();
  });
  if (!done) co_return done.error();
  co_return std::move(*out);
}

template <typename T, typename Fn>
boost::asio::awaitable<core::Result<T>> AsyncReadValue(Database& db, Fn fn) {
  std::optional<core::Result<T>> out;
  core::Result<void> done = co_await AsyncRead(db, [&](Connection& c) -> core::Result<void> {
    out.emplace(fn(c));
    if (!*out) return out->error();
    return core::Ok();
  });
  if (!done) co_return done.error();
  co_return std::move(*out);
}

}  // namespace sessiond::store
