#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/duration.hpp"

namespace sessiond::http::detail {

// Runs `work`, which may block, on `pool` and resumes the calling coroutine on its own
// executor with the result, or with nullopt when `timeout` passes first. A late result is
// dropped; the work itself is never interrupted (it must bound itself). If the caller's
// coroutine is destroyed meanwhile (its server force-stopped), the result is dropped too.
// `pool` must outlive the work. Requires: the caller runs on a strand (every connection
// does), so that the result posted back and the coroutine's own use of the timer never
// run at once.
template <typename T>
boost::asio::awaitable<std::optional<T>> CallBlocking(boost::asio::thread_pool& pool,
                                                      std::function<T()> work,
                                                      core::Duration timeout) {
  // Shared by the coroutine and the pool job. Only the coroutine's executor touches the
  // timer and the result; `mu` and `abandoned` tell the job whether posting back is safe.
  struct State {
    explicit State(boost::asio::any_io_executor executor) : timer(executor) {}
    boost::asio::steady_timer timer;
    std::optional<T> result;
    std::mutex mu;
    bool abandoned = false;  // guarded by mu
  };
  // Marks the state abandoned when the coroutine ends, normally or destroyed unfinished.
  struct Abandon {
    State& state;
    ~Abandon() {
      std::lock_guard lock(state.mu);
      state.abandoned = true;
    }
  };

  boost::asio::any_io_executor executor = co_await boost::asio::this_coro::executor;
  auto state = std::make_shared<State>(executor);
  Abandon abandon{*state};
  state->timer.expires_after(timeout.ToChrono());
  boost::asio::post(pool, [state, work = std::move(work), executor]() mutable {
    T result = work();
    std::lock_guard lock(state->mu);
    if (state->abandoned) return;
    boost::asio::post(executor, [state, result = std::move(result)]() mutable {
      state->result = std::move(result);
      state->timer.cancel();
    });
  });
  boost::system::error_code ec;
  co_await state->timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  co_return std::move(state->result);
}

}  // namespace sessiond::http::detail
