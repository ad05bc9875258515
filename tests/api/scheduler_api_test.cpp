// The scheduler's API against the real binary: access rules, 422s that store nothing, the
// job lifecycle, manual runs, backfills, history pages, previews, and kill -9 during a run.
#include <signal.h>

#include <map>

#include <gtest/gtest.h>

#include "eventually.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "test_endpoint.hpp"

namespace sessiond::testing {
namespace {

using nlohmann::json;

constexpr char kSecret[] = "scheduler-api-secret";

std::string Token(const std::string& role, const std::string& sub = "ops") {
  return MintTestToken(kSecret, sub, role);
}

class SchedulerApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(ServeArgs({"--jwt-secret", kSecret, "--access-log", "false"}));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  Client service() { return Client(server_->port(), Token("service_role")); }
  Client user() { return Client(server_->port(), Token("authenticated", "user-1")); }
  static ServerProcess* server_;
};
ServerProcess* SchedulerApiTest::server_ = nullptr;

json RunsOf(Client& client, const std::string& job) {
  return client.Send("GET", "/v1/jobs/" + job + "/runs?limit=1000").Json()["items"];
}

TEST_F(SchedulerApiTest, EverythingButThePreviewNeedsTheServiceRole) {
  Client u = user();
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/v1/jobs"}, {"GET", "/v1/jobs/prune-run-history"},
           {"GET", "/v1/jobs/prune-run-history/runs"}, {"GET", "/v1/runs"},
           {"GET", "/v1/tasks"}, {"GET", "/v1/scheduler"},
           {"POST", "/v1/jobs/prune-run-history/run"}, {"POST", "/v1/jobs/prune-run-history/pause"},
           {"DELETE", "/v1/jobs/prune-run-history"}}) {
    HttpResponse res = u.Send(method, target);
    EXPECT_EQ(res.status, 403) << method << " " << target;
    EXPECT_EQ(res.ErrorCode(), "forbidden") << method << " " << target;
  }
  EXPECT_EQ(u.Send("POST", "/v1/jobs", {{"name", "x"}}).status, 403);
  EXPECT_EQ(u.Send("GET", "/v1/schedules/preview?schedule=@daily").status, 200);
}

TEST_F(SchedulerApiTest, InvalidJobsAre422NamingTheFieldAndStoreNothing) {
  Client s = service();
  json base = {{"name", "valid-name"}, {"schedule", "5 0 * * *"}, {"task", "noop"}};
  struct Case {
    json patch;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"name", "Bad_Name"}}, "name"},
      {{{"schedule", "61 * * * *"}}, "schedule"},
      {{{"schedule", "* * *"}}, "schedule"},
      {{{"schedule", "every 0s"}}, "schedule"},
      {{{"timezone", "Mars/Base"}}, "timezone"},
      {{{"task", "teleport"}}, "task"},
      {{{"task", "http"}, {"params", {{"url", "ftp://x"}}}}, "params.url"},
      {{{"params", {{"unexpected", 1}}}}, "params.unexpected"},
      {{{"overlap", "sometimes"}}, "overlap"},
      {{{"catch_up", "most"}}, "catch_up"},
      {{{"retries", 1000}}, "retries"},
      {{{"timeout", "soon"}}, "timeout"},
      {{{"colour", "blue"}}, "colour"},
  };
  for (const Case& c : cases) {
    json body = base;
    body.update(c.patch);
    HttpResponse res = s.Send("POST", "/v1/jobs", body);
    EXPECT_EQ(res.status, 422) << body.dump() << " -> " << res.body;
    EXPECT_EQ(res.Json()["error"]["details"]["field"], c.field) << res.body;
  }
  HttpResponse cron = s.Send("POST", "/v1/jobs", json{{"name", "c"}, {"schedule", "61 * * * *"}, {"task", "noop"}});
  EXPECT_EQ(cron.Json()["error"]["details"]["token"], "61");
  EXPECT_EQ(cron.Json()["error"]["details"]["part"], "minute");
  EXPECT_EQ(s.Send("POST", "/v1/jobs", json::array()).status, 400);

  HttpResponse malformed = Request(server_->port(), {"POST", "/v1/jobs",
                                                     {{"Authorization", "Bearer " + Token("service_role")},
                                                      {"Content-Type", "application/json"}},
                                                     "{\"name\": "});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.ErrorCode(), "bad_request");

  // Kept in a variable: a range-for over a member of a temporary reads freed memory.
  json jobs = s.Send("GET", "/v1/jobs").Json();
  for (const json& job : jobs["items"]) {
    EXPECT_NE(job["name"], "valid-name");
    EXPECT_NE(job["name"], "c");
  }
}

TEST_F(SchedulerApiTest, JobLifecycleCreateReadChangePauseResumeDelete) {
  Client s = service();
  HttpResponse created = s.Send("POST", "/v1/jobs",
                                {{"name", "nightly-report"},
                                 {"schedule", "30 2 * * *"},
                                 {"timezone", "Europe/Berlin"},
                                 {"task", "noop"},
                                 {"catch_up", "all"},
                                 {"catch_up_window", "7d"},
                                 {"retries", 2}});
  ASSERT_EQ(created.status, 201) << created.body;
  json job = created.Json();
  EXPECT_EQ(job["overlap"], "skip");
  EXPECT_EQ(job["timeout"], "5m");
  EXPECT_EQ(job["catch_up_window"], "7d");
  EXPECT_TRUE(job["next_run_at"].is_string());
  EXPECT_EQ(s.Send("POST", "/v1/jobs", {{"name", "nightly-report"}, {"schedule", "@daily"}, {"task", "noop"}}).status,
            409);

  HttpResponse changed = s.Send("PATCH", "/v1/jobs/nightly-report", {{"schedule", "0 4 * * *"}, {"timezone", "UTC"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  std::string next = changed.Json()["next_run_at"];
  EXPECT_EQ(next.substr(10), "T04:00:00.000Z");
  EXPECT_EQ(s.Send("PATCH", "/v1/jobs/nightly-report", {{"name", "renamed"}}).status, 422);

  HttpResponse paused = s.Send("POST", "/v1/jobs/nightly-report/pause");
  EXPECT_EQ(paused.Json()["active"], false);
  EXPECT_TRUE(paused.Json()["next_run_at"].is_null());
  HttpResponse resumed = s.Send("POST", "/v1/jobs/nightly-report/resume");
  EXPECT_EQ(resumed.Json()["active"], true);
  EXPECT_EQ(resumed.Json()["next_run_at"], next);

  EXPECT_EQ(s.Send("DELETE", "/v1/jobs/nightly-report").status, 204);
  EXPECT_EQ(s.Send("GET", "/v1/jobs/nightly-report").status, 404);
  EXPECT_EQ(s.Send("DELETE", "/v1/jobs/nightly-report").status, 404);
}

TEST_F(SchedulerApiTest, RunNowRecordsAManualRunAndHistoryPages) {
  Client s = service();
  ASSERT_EQ(s.Send("POST", "/v1/jobs", {{"name", "on-demand"}, {"schedule", "@yearly"}, {"task", "noop"}}).status, 201);
  for (int i = 0; i < 3; ++i) {
    HttpResponse run = s.Send("POST", "/v1/jobs/on-demand/run");
    ASSERT_EQ(run.status, 202) << run.body;
    EXPECT_EQ(run.Json()["run"]["trigger"], "manual");
    ASSERT_TRUE(Eventually([&] {
      json runs = RunsOf(s, "on-demand");
      return runs.size() == size_t(i + 1) && runs[0]["status"] == "succeeded";
    }));
  }
  HttpResponse first = s.Send("GET", "/v1/jobs/on-demand/runs?limit=2");
  ASSERT_EQ(first.Json()["items"].size(), 2u);
  std::string cursor = first.Json()["next_cursor"];
  HttpResponse second = s.Send("GET", "/v1/jobs/on-demand/runs?limit=2&cursor=" + cursor);
  ASSERT_EQ(second.Json()["items"].size(), 1u);
  EXPECT_TRUE(second.Json()["next_cursor"].is_null());
  EXPECT_GT(first.Json()["items"][1]["id"].get<std::string>(),
            second.Json()["items"][0]["id"].get<std::string>());  // newest first

  EXPECT_EQ(s.Send("GET", "/v1/runs?job=on-demand&status=succeeded").Json()["items"].size(), 3u);
  EXPECT_EQ(s.Send("GET", "/v1/runs?status=exploded").status, 422);
  EXPECT_EQ(s.Send("GET", "/v1/runs?limit=0").status, 422);
  EXPECT_EQ(s.Send("GET", "/v1/runs?cursor=nope").status, 422);
  EXPECT_EQ(s.Send("GET", "/v1/jobs/ghost/runs").status, 404);
  EXPECT_EQ(s.Send("POST", "/v1/jobs/ghost/run").status, 404);
}

TEST_F(SchedulerApiTest, BackfillRunsEachOccurrenceWithoutSuccessOnce) {
  Client s = service();
  ASSERT_EQ(s.Send("POST", "/v1/jobs", {{"name", "hourly-fill"}, {"schedule", "0 * * * *"}, {"task", "noop"}}).status, 201);
  json range = {{"from", "2026-01-01T00:00:00Z"}, {"to", "2026-01-01T03:00:00Z"}};
  HttpResponse queued = s.Send("POST", "/v1/jobs/hourly-fill/backfill", range);
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(queued.Json()["queued"], 4);
  ASSERT_TRUE(Eventually([&] {
    json runs = RunsOf(s, "hourly-fill");
    if (runs.size() != 4) return false;
    for (const json& run : runs) {
      if (run["status"] != "succeeded") return false;
    }
    return true;
  }));
  json runs = RunsOf(s, "hourly-fill");
  EXPECT_EQ(runs[3]["scheduled_for"], "2026-01-01T00:00:00.000Z");  // oldest ran first
  EXPECT_EQ(runs[3]["trigger"], "backfill");
  EXPECT_EQ(s.Send("POST", "/v1/jobs/hourly-fill/backfill", range).Json()["queued"], 0);
  EXPECT_EQ(s.Send("POST", "/v1/jobs/hourly-fill/backfill",
                   {{"from", "2026-01-02T00:00:00Z"}, {"to", "2026-01-01T00:00:00Z"}}).status, 422);
  EXPECT_EQ(s.Send("POST", "/v1/jobs/hourly-fill/backfill", {{"from", "yesterday"}, {"to", "today"}}).status, 422);
}

TEST_F(SchedulerApiTest, PreviewShowsOccurrencesWithLocalTimeAndDstShift) {
  Client u = user();
  HttpResponse res = u.Send("GET",
                            "/v1/schedules/preview?schedule=30%202%20*%20*%20*&timezone=America/New_York"
                            "&from=2026-03-07T00:00:00Z&count=3");
  ASSERT_EQ(res.status, 200) << res.body;
  json items = res.Json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1], json({{"at", "2026-03-08T07:00:00.000Z"},
                            {"local", "2026-03-08T03:00:00-04:00"},
                            {"dst_shifted", true}}));
  EXPECT_EQ(items[2]["local"], "2026-03-09T02:30:00-04:00");
  EXPECT_EQ(u.Send("GET", "/v1/schedules/preview?schedule=61%20*%20*%20*%20*").status, 422);
  EXPECT_EQ(u.Send("GET", "/v1/schedules/preview?schedule=@daily&timezone=Mars/Base").Json()["error"]["details"]["field"],
            "timezone");
  EXPECT_EQ(u.Send("GET", "/v1/schedules/preview?schedule=@daily&count=1001").status, 422);
  EXPECT_EQ(u.Send("GET", "/v1/schedules/preview").status, 422);
}

TEST_F(SchedulerApiTest, TasksAndSchedulerStatus) {
  Client s = service();
  json tasks = s.Send("GET", "/v1/tasks").Json()["items"];
  std::map<std::string, json> by_name;
  for (const json& task : tasks) by_name[task["name"]] = task;
  EXPECT_TRUE(by_name.contains("noop"));
  EXPECT_TRUE(by_name.contains("prune-run-history"));
  ASSERT_TRUE(by_name.contains("http"));
  EXPECT_EQ(by_name["http"]["params"][0]["name"], "url");
  json status = s.Send("GET", "/v1/scheduler").Json();
  EXPECT_EQ(status["role"], "leader");
  EXPECT_EQ(status["leader"], status["node"]);
}

TEST(SchedulerCrashTest, KillDuringARunThenRestartAbandonsItAndCatchesUpOnce) {
  TestEndpoint endpoint(/*hang_first=*/1);
  ServerProcess server(ServeArgs({"--jwt-secret", kSecret, "--access-log", "false"}));
  Client s(server.port(), Token("service_role"));
  ASSERT_EQ(s.Send("POST", "/v1/jobs",
                   {{"name", "webhook"},
                    {"schedule", "every 5s"},
                    {"task", "http"},
                    {"params", {{"url", endpoint.Url()}}},
                    {"timeout", "1h"},
                    {"catch_up", "all"}}).status,
            201);
  // The first call hangs: that run is in flight when the process dies.
  ASSERT_TRUE(endpoint.WaitForRequests(1)) << server.Log();
  json in_flight = RunsOf(s, "webhook");
  ASSERT_EQ(in_flight.size(), 1u);
  ASSERT_EQ(in_flight[0]["status"], "running");
  std::string occurrence = in_flight[0]["scheduled_for"];
  ASSERT_EQ(server.Stop(SIGKILL), std::optional<int>(128 + SIGKILL));

  server.Start();
  ASSERT_TRUE(endpoint.WaitForRequests(2)) << server.Log();
  Client again(server.port(), Token("service_role"));
  ASSERT_TRUE(Eventually([&] {
    for (const json& run : RunsOf(again, "webhook")) {
      if (run["scheduled_for"] == occurrence && run["status"] == "succeeded") return true;
    }
    return false;
  })) << RunsOf(again, "webhook").dump(2);
  std::map<std::string, int> live_per_occurrence;
  int abandoned = 0, caught_up = 0;
  for (const json& run : RunsOf(again, "webhook")) {
    if (run["status"] == "abandoned") {
      ++abandoned;
      EXPECT_EQ(run["scheduled_for"], occurrence);
      continue;
    }
    ++live_per_occurrence[run["scheduled_for"]];
    if (run["scheduled_for"] == occurrence) {
      ++caught_up;
      EXPECT_EQ(run["trigger"], "catch_up");
    }
  }
  EXPECT_EQ(abandoned, 1);
  EXPECT_EQ(caught_up, 1);
  for (const auto& [at, count] : live_per_occurrence) EXPECT_EQ(count, 1) << at;
}

}  // namespace
}  // namespace sessiond::testing
