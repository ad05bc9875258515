#pragma once

// Shared by the template and session routes: a write that also arms the sweeps' deadlines.
#include "domains/recurring/routes.hpp"
#include "http/query_params.hpp"
#include "store/async.hpp"

namespace sessiond::recurring::detail {

// Runs `fn(Connection&)` (returning Result<T>) in one transaction together with reading the
// sweeps' next instants, and arms them once committed.
template <typename T, typename Fn>
boost::asio::awaitable<core::Result<T>> WriteAndArm(RecurringApi api, Fn fn) {
  NextDue next;
  core::Result<T> out = co_await store::AsyncWriteValue<T>(api.db, [&](store::Connection& c) -> core::Result<T> {
    core::Result<T> value = fn(c);
    if (!value) return value;
    core::Result<NextDue> due = NextDue::Read(c, api.clock.Now());
    if (!due) return due.error();
    next = *due;
    return value;
  });
  if (out) api.deadlines.Arm(next);
  co_return out;
}

// The {id} path parameter as a UUID; kNotFound for anything else (no such resource).
inline core::Result<core::Uuid> PathId(const http::RequestContext& context, std::string_view what) {
  core::Result<core::Uuid> id = core::Uuid::Parse(context.Param("id"));
  if (!id) return core::Error::NotFound("no " + std::string(what) + " " + context.Param("id"));
  return *id;
}

}  // namespace sessiond::recurring::detail
