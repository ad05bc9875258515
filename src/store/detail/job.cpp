#include "store/detail/job.hpp"

#include <exception>
#include <string>

namespace sessiond::store::detail {
namespace {

thread_local bool on_store_thread = false;

}  // namespace

core::Result<void> RunWork(const Work& work, Connection& connection) {
  try {
    return work(connection);
  } catch (const std::exception& e) {
    return core::Error::Internal(std::string("unit of work threw: ") + e.what());
  } catch (...) {
    return core::Error::Internal("unit of work threw a non-standard exception");
  }
}

void Deliver(const Done& done, core::Result<void> result) noexcept {
  if (done) done(std::move(result));
}

StoreThreadMarker::StoreThreadMarker() { on_store_thread = true; }
StoreThreadMarker::~StoreThreadMarker() { on_store_thread = false; }

bool OnStoreThread() { return on_store_thread; }

}  // namespace sessiond::store::detail
