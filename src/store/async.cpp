#include "store/async.hpp"

#include <memory>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>

namespace sessiond::store {
namespace {

enum class Kind { kWrite, kRead, kPing };

// Queues `work` on the store and completes `token` with its result. The completion handler
// is posted to its associated executor (for use_awaitable: the awaiting coroutine's), so the
// coroutine never resumes on a store thread. Until then the executor is told that work is
// outstanding, so that io_context::run() does not return while a store call is in flight.
template <typename Token>
auto AsyncStoreCall(Database& db, Kind kind, Work work, Token&& token) {
  return boost::asio::async_initiate<Token, void(core::Result<void>)>(
      [&db, kind](auto handler, Work work) {
        using Handler = decltype(handler);
        auto executor = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                            boost::asio::execution::outstanding_work.tracked);
        // Done is a std::function and must be copyable; the handler is move-only.
        auto shared = std::make_shared<Handler>(std::move(handler));
        Done done = [shared, executor](core::Result<void> result) {
          boost::asio::post(executor, [shared, result = std::move(result)]() mutable {
            (*shared)(std::move(result));
          });
        };
        switch (kind) {
          case Kind::kWrite: db.WriteAsync(std::move(work), std::move(done)); break;
          case Kind::kRead: db.ReadAsync(std::move(work), std::move(done)); break;
          case Kind::kPing: db.PingAsync(std::move(done)); break;
        }
      },
      token, std::move(work));
}

}  // namespace

boost::asio::awaitable<core::Result<void>> AsyncWrite(Database& db, Work work) {
  co_return co_await AsyncStoreCall(db, Kind::kWrite, std::move(work), boost::asio::use_awaitable);
}

boost::asio::awaitable<core::Result<void>> AsyncRead(Database& db, Work work) {
  co_return co_await AsyncStoreCall(db, Kind::kRead, std::move(work), boost::asio::use_awaitable);
}

boost::asio::awaitable<core::Result<void>> AsyncPing(Database& db) {
  co_return co_await AsyncStoreCall(db, Kind::kPing, Work(), boost::asio::use_awaitable);
}

}  // namespace sessiond::store
