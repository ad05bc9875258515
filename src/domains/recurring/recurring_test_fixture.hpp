#pragma once

// The recurring family against real databases (SQLite and PostgreSQL), with a simulated clock.
#include <string>
#include <vector>

#include "domains/recurring/repository.hpp"
#include "domains/recurring/service.hpp"
#include "realtime/event_log.hpp"
#include "store/migrator.hpp"
#include "store_test.hpp"

namespace sessiond::recurring::testing {

inline core::Timestamp At(const char* text) { return *core::Timestamp::Parse(text); }

class RecurringStoreTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(store::Migrate(db()));
  }

  // Runs `fn(service, connection)` in one write and returns its result.
  template <typename T, typename Fn>
  core::Result<T> Write(Fn fn) {
    std::optional<core::Result<T>> out;
    core::Result<void> done = db().Write([&](store::Connection& c) -> core::Result<void> {
      out.emplace(fn(c));
      if (!*out) return out->error();
      return core::Ok();
    });
    if (!done) return done.error();
    return std::move(*out);
  }

  SessionTemplate CreateTemplate(core::Json body) {
    core::Result<SessionTemplate> t =
        Write<SessionTemplate>([&](store::Connection& c) { return service_.CreateTemplate(c, body); });
    EXPECT_OK(t);
    return t.value_or(SessionTemplate{});
  }

  std::vector<Session> Sessions(SessionQuery q = {}) {
    q.limit = 10'000;
    std::vector<Session> out;
    EXPECT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
      core::Result<std::vector<Session>> list = Repository::ListSessions(c, q);
      if (!list) return list.error();
      out = std::move(*list);
      return core::Ok();
    }));
    return out;
  }

  // "date local-start status[ edited]" of every session, by start: compared whole.
  std::vector<std::string> Print(SessionQuery q = {}) {
    std::vector<std::string> out;
    for (const Session& s : Sessions(q)) {
      EXPECT_TRUE(CheckInvariants(s)) << s.id.ToString();
      core::TimeZone zone = *core::TimeZone::Find(s.timezone);
      std::string local = zone.FormatLocal(s.valid_from).substr(11, 5);
      out.push_back(s.scheduled_date.ToString() + " " + local + " " +
                    std::string(SessionStatusName(s.status)) + (s.edited ? " edited" : ""));
    }
    return out;
  }

  // The types of the events on the sessions channel, oldest first.
  std::vector<std::string> EventTypes() {
    std::vector<std::string> out;
    EXPECT_OK(db().Read([&](store::Connection& c) -> core::Result<void> {
      core::Result<std::vector<realtime::Event>> events =
          realtime::ReadChannelEvents(c, {"sessions"}, 0, INT64_MAX, 100'000);
      if (!events) return events.error();
      for (const realtime::Event& e : *events) out.push_back(e.type);
      return core::Ok();
    }));
    return out;
  }

  core::SimulatedClock clock_{At("2026-03-01T12:00:00Z")};
  Service service_{clock_};
};

using Seq = std::vector<std::string>;

}  // namespace sessiond::recurring::testing
