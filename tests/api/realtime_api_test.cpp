// The realtime feed against the real binary: 4xx before the stream, live events of the
// channels asked for, resume with Last-Event-ID across a kill -9, the reset for an id the log
// does not hold, the end of the stream when the token expires, and on PostgreSQL an event
// committed on one node reaching a subscriber of another.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "postgres_fixture.hpp"
#include "server_process.hpp"
#include "sse_client.hpp"

namespace sessiond::testing {
namespace {

using nlohmann::json;

constexpr char kSecret[] = "realtime-api-secret";

std::string Token(const std::string& sub, const std::string& role = "authenticated",
                  const std::string& ttl = "1h") {
  return MintTestToken(kSecret, sub, role, ttl);
}

HttpResponse CheckIn(int port, const std::string& token) {
  return Request(port, {"POST", "/v1/checkins", {{"Authorization", "Bearer " + token}}, ""});
}

ServerProcess::Options Serve(const std::string& database = "") {
  return ServeArgs({"--jwt-secret", kSecret, "--access-log", "false", "--jwt-leeway", "0s"},
                   database);
}

// The next event of `type`, skipping others (job runs of the default jobs, say).
std::optional<SseEvent> NextOf(SseClient& client, const std::string& type) {
  for (int i = 0; i < 100; ++i) {
    std::optional<SseEvent> event = client.Next();
    if (!event || event->type == type) return event;
  }
  return std::nullopt;
}

TEST(RealtimeApiTest, BadSubscriptionsAreJson4xxBeforeAnyStream) {
  ServerProcess server(Serve());
  std::string user = Token("u1");
  std::string service = Token("ops", "service_role");
  struct Case {
    std::string token;
    std::string target;
    std::map<std::string, std::string> headers;
    int status;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {service, "/v1/realtime?channels=weather", {}, 422, "channels"},
           {service, "/v1/realtime", {}, 422, "channels"},
           {service, "/v1/realtime?channels=presence,", {}, 422, "channels"},
           {user, "/v1/realtime?channels=presence", {}, 403, "channels"},
           {user, "/v1/realtime?channels=user:u2", {}, 403, "channels"},
           {service, "/v1/realtime?channels=presence", {{"Last-Event-ID", "abc"}}, 422,
            "Last-Event-ID"},
           {service, "/v1/realtime?channels=presence&last_event_id=-4", {}, 422,
            "last_event_id"}}) {
    HttpRequest request{"GET", c.target, c.headers, ""};
    request.headers["Authorization"] = "Bearer " + c.token;
    HttpResponse res = Request(server.port(), request);
    EXPECT_EQ(res.status, c.status) << c.target << " -> " << res.body;
    EXPECT_TRUE(res.Json()["error"].is_object()) << c.target << " answered " << res.body;
    EXPECT_EQ(res.Json()["error"]["details"]["field"], c.field) << res.body;
  }
  EXPECT_EQ(Get(server.port(), "/v1/realtime?channels=sessions").status, 401);
}

TEST(RealtimeApiTest, SubscribersGetTheLiveEventsOfTheirChannelsOnly) {
  ServerProcess server(Serve());
  std::string user = Token("u1");
  SseClient presence(server.port(), Token("ops", "service_role"), "presence");
  SseClient own(server.port(), user, "user:u1");
  std::string head = presence.Head();
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("text/event-stream"), std::string::npos) << head;
  own.Head();

  HttpResponse created = CheckIn(server.port(), user);
  ASSERT_EQ(created.status, 201);
  for (SseClient* client : {&presence, &own}) {
    std::optional<SseEvent> event = client->Next();
    ASSERT_TRUE(event.has_value());
    EXPECT_EQ(event->type, "checkin.started");
    EXPECT_FALSE(event->id.empty());
    EXPECT_EQ(event->Json()["payload"]["id"], created.Json()["id"]);
    EXPECT_EQ(event->Json()["payload"]["expires_at"], created.Json()["expires_at"]);
  }
  // A new subscription starts from now: nothing is replayed.
  SseClient late(server.port(), Token("ops", "service_role"), "presence");
  EXPECT_FALSE(late.Next(std::chrono::milliseconds(300)).has_value());
}

TEST(RealtimeApiTest, ABrowserMaySendItsTokenInTheQueryOfTheStreamOnly) {
  // EventSource cannot set headers: the stream takes ?access_token=, nothing else does.
  ServerProcess server(Serve());
  std::string user = Token("u1");
  SseClient browser(server.port(), "", "user:u1&access_token=" + user);
  std::string head = browser.Head();
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  ASSERT_EQ(CheckIn(server.port(), user).status, 201);
  std::optional<SseEvent> event = browser.Next();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->type, "checkin.started");
  EXPECT_EQ(Get(server.port(), "/v1/checkins/active?access_token=" + user).status, 401);
  EXPECT_EQ(Get(server.port(), "/v1/realtime?channels=user:u1&access_token=forged").status, 401);
}

TEST(RealtimeApiTest, AClientResumingAfterAKillGetsExactlyWhatItMissed) {
  ServerProcess server(Serve());
  std::string service = Token("ops", "service_role");
  std::string last_id;
  {
    SseClient client(server.port(), service, "presence");
    client.Head();
    ASSERT_EQ(CheckIn(server.port(), Token("a")).status, 201);
    std::optional<SseEvent> seen = client.Next();
    ASSERT_TRUE(seen.has_value());
    last_id = seen->id;
  }
  ASSERT_EQ(server.Stop(SIGKILL), std::optional<int>(128 + SIGKILL));
  server.Start();
  std::vector<std::string> missed;
  for (const char* user : {"b", "c"}) {
    HttpResponse res = CheckIn(server.port(), Token(user));
    ASSERT_EQ(res.status, 201);
    missed.push_back(res.Json()["id"]);
  }
  SseClient resumed(server.port(), service, "presence", last_id);
  for (const std::string& id : missed) {
    std::optional<SseEvent> event = resumed.Next();
    ASSERT_TRUE(event.has_value()) << server.Log();
    EXPECT_EQ(event->type, "checkin.started");
    EXPECT_EQ(event->Json()["payload"]["id"], id);
    EXPECT_GT(std::stoll(event->id), std::stoll(last_id));
    last_id = event->id;
  }
  // Then live, with nothing repeated.
  ASSERT_EQ(CheckIn(server.port(), Token("d")).status, 201);
  std::optional<SseEvent> live = resumed.Next();
  ASSERT_TRUE(live.has_value());
  EXPECT_EQ(live->Json()["payload"]["user_id"], "d");
  EXPECT_GT(std::stoll(live->id), std::stoll(last_id));
}

TEST(RealtimeApiTest, AnIdThisLogDoesNotHoldGetsAResetEvent) {
  ServerProcess server(Serve());
  SseClient client(server.port(), Token("ops", "service_role"), "presence", "999999");
  std::optional<SseEvent> reset = client.Next();
  ASSERT_TRUE(reset.has_value());
  EXPECT_EQ(reset->type, "reset");
  EXPECT_EQ(reset->Json()["last_event_id"], 999999);
  ASSERT_EQ(CheckIn(server.port(), Token("a")).status, 201);
  std::optional<SseEvent> live = client.Next();
  ASSERT_TRUE(live.has_value());
  EXPECT_EQ(live->type, "checkin.started");
}

TEST(RealtimeApiTest, AResumeFromAPrunedIdIsToldSo) {
  ServerProcess server(Serve());
  std::string service = Token("ops", "service_role");
  ASSERT_EQ(CheckIn(server.port(), Token("a")).status, 201);
  // Keep nothing older than the run: every event so far is pruned.
  HttpRequest patch{"PATCH", "/v1/jobs/prune-events",
                    {{"Authorization", "Bearer " + service}, {"Content-Type", "application/json"}},
                    R"({"params":{"keep":"0s"}})"};
  ASSERT_EQ(Request(server.port(), patch).status, 200);
  ASSERT_EQ(Request(server.port(), {"POST", "/v1/jobs/prune-events/run",
                                    {{"Authorization", "Bearer " + service}}, ""})
                .status,
            202);
  SseClient client(server.port(), service, "presence", "1");
  std::optional<SseEvent> reset;
  // The manual run finishes on a worker: ask again until its pruning is visible.
  for (int attempt = 0; attempt < 50 && !(reset && reset->type == "reset"); ++attempt) {
    SseClient probe(server.port(), service, "presence", "1");
    reset = probe.Next(std::chrono::milliseconds(500));
  }
  ASSERT_TRUE(reset.has_value());
  EXPECT_EQ(reset->type, "reset");
  EXPECT_EQ(reset->Json()["last_event_id"], 1);
}

TEST(RealtimeApiTest, TheStreamEndsWithAuthExpiredWhenTheTokenRunsOut) {
  ServerProcess server(Serve());
  SseClient client(server.port(), Token("u1", "authenticated", "2s"), "user:u1");
  std::optional<SseEvent> end = client.Next(std::chrono::seconds(10));
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->type, "auth_expired");
  EXPECT_FALSE(client.Next(std::chrono::seconds(5)).has_value());
  EXPECT_TRUE(client.closed());
}

class RealtimePostgresTest : public PostgresApiTest {};

TEST_F(RealtimePostgresTest, AnEventCommittedOnOneNodeReachesASubscriberOnAnother) {
  ServerProcess node_a(Serve(url_));
  ServerProcess node_b(Serve(url_));
  SseClient subscriber(node_b.port(), Token("ops", "service_role"), "presence");
  subscriber.Head();
  // A user of this run only: the PostgreSQL database outlives one test binary's run.
  std::string user = "two-nodes-" + std::to_string(::getpid());
  HttpResponse created = CheckIn(node_a.port(), Token(user));
  ASSERT_EQ(created.status, 201) << created.body;
  std::optional<SseEvent> event = NextOf(subscriber, "checkin.started");
  ASSERT_TRUE(event.has_value()) << node_b.Log();
  EXPECT_EQ(event->Json()["payload"]["id"], created.Json()["id"]);
}

}  // namespace
}  // namespace sessiond::testing
