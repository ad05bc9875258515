// Check-ins against the real binary: the heartbeat, who sees what, checkout, stats, and the
// 4xx answers that store nothing.
#include <gtest/gtest.h>

#include "http_client.hpp"
#include "server_process.hpp"

namespace sessiond::testing {
namespace {

using nlohmann::json;

constexpr char kSecret[] = "checkins-api-secret";

std::string Token(const std::string& sub, const std::string& role = "authenticated") {
  CommandResult minted =
      RunSessiond({"token", "--jwt-secret", kSecret, "--sub", sub, "--role", role});
  EXPECT_EQ(minted.status, 0) << minted.err;
  minted.out.pop_back();
  return minted.out;
}

HttpResponse Send(int port, const std::string& token, const std::string& method,
                  const std::string& target, const std::string& body = "") {
  HttpRequest request{method, target, {{"Authorization", "Bearer " + token}}, body};
  if (!body.empty()) request.headers["Content-Type"] = "application/json";
  return Request(port, request);
}

class CheckinsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(ServeArgs({"--jwt-secret", kSecret, "--access-log", "false"}));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int port() { return server_->port(); }
  static ServerProcess* server_;
};
ServerProcess* CheckinsApiTest::server_ = nullptr;

TEST_F(CheckinsApiTest, CheckingInTwiceIsOneCheckinExtended) {
  std::string alice = Token("alice");
  HttpResponse first = Send(port(), alice, "POST", "/v1/checkins", R"({"metadata":{"desk":7}})");
  ASSERT_EQ(first.status, 201) << first.body;
  json created = first.Json();
  EXPECT_EQ(created["user_id"], "alice");
  EXPECT_EQ(created["status"], "active");
  EXPECT_EQ(created["active"], true);
  EXPECT_EQ(created["metadata"]["desk"], 7);
  EXPECT_NEAR(created["minutes_remaining"].get<double>(), 60.0, 0.1);  // the default 1 h

  HttpResponse again = Send(port(), alice, "POST", "/v1/checkins", R"({"ttl":"2h"})");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["id"], created["id"]);
  EXPECT_NEAR(again.Json()["minutes_remaining"].get<double>(), 120.0, 0.1);
  EXPECT_EQ(again.Json()["metadata"]["desk"], 7) << "metadata kept when not sent";
}

TEST_F(CheckinsApiTest, UsersSeeTheirOwnCheckinsAndTheServiceRoleSeesEveryone) {
  std::string bob = Token("bob");
  std::string carol = Token("carol");
  std::string service = Token("ops", "service_role");
  json bobs = Send(port(), bob, "POST", "/v1/checkins").Json();
  Send(port(), carol, "POST", "/v1/checkins");

  HttpResponse hidden = Send(port(), carol, "GET", "/v1/checkins/" + bobs["id"].get<std::string>());
  EXPECT_EQ(hidden.status, 404) << "existence is not revealed";
  EXPECT_EQ(Send(port(), carol, "POST",
                 "/v1/checkins/" + bobs["id"].get<std::string>() + "/checkout").status,
            404);
  EXPECT_EQ(Send(port(), service, "GET", "/v1/checkins/" + bobs["id"].get<std::string>()).status,
            200);

  json own = Send(port(), bob, "GET", "/v1/checkins/active").Json()["items"];
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0]["user_id"], "bob");
  std::set<std::string> everyone;
  std::string cursor;
  // Pages of one, newest first, until the cursor runs out.
  for (int page = 0; page < 100; ++page) {
    json body = Send(port(), service, "GET",
                     "/v1/checkins/active?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor))
                    .Json();
    for (const json& item : body["items"]) everyone.insert(item["user_id"].get<std::string>());
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"].get<std::string>();
  }
  EXPECT_TRUE(everyone.count("bob") && everyone.count("carol"));
}

TEST_F(CheckinsApiTest, CheckoutEndsTheCheckinAndRepeatingItChangesNothing) {
  std::string dave = Token("dave");
  std::string id = Send(port(), dave, "POST", "/v1/checkins").Json()["id"];
  HttpResponse out = Send(port(), dave, "POST", "/v1/checkins/" + id + "/checkout");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.Json()["status"], "inactive");
  EXPECT_EQ(out.Json()["active"], false);
  EXPECT_FALSE(out.Json()["checked_out_at"].is_null());
  HttpResponse again = Send(port(), dave, "POST", "/v1/checkins/" + id + "/checkout");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.Json()["checked_out_at"], out.Json()["checked_out_at"]);
  EXPECT_TRUE(Send(port(), dave, "GET", "/v1/checkins/active").Json()["items"].empty());
  // A new check-in after the checkout is a new one.
  HttpResponse next = Send(port(), dave, "POST", "/v1/checkins");
  EXPECT_EQ(next.status, 201);
  EXPECT_NE(next.Json()["id"], id);
}

TEST_F(CheckinsApiTest, StatsAreForTheServiceRoleAndCountLikeTheSeed) {
  std::string erin = Token("erin");
  EXPECT_EQ(Send(port(), erin, "GET", "/v1/checkins/stats").status, 403);
  std::string id = Send(port(), erin, "POST", "/v1/checkins").Json()["id"];
  Send(port(), erin, "POST", "/v1/checkins/" + id + "/checkout");
  HttpResponse stats = Send(port(), Token("ops", "service_role"), "GET", "/v1/checkins/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  json body = stats.Json();
  for (const char* key : {"active", "expired_but_marked_active", "manually_checked_out", "total"}) {
    EXPECT_TRUE(body[key].is_number_integer()) << key << " in " << stats.body;
  }
  EXPECT_GE(body["manually_checked_out"].get<int>(), 1);
  EXPECT_GE(body["total"].get<int>(), body["active"].get<int>() + 1);
  EXPECT_TRUE(body["avg_duration_minutes_7d"].is_number());
}

TEST_F(CheckinsApiTest, BadInputIsA4xxNamingTheFieldAndStoresNothing) {
  std::string frank = Token("frank");
  struct Case {
    std::string body;
    int status;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{{R"({"ttl":"25h"})", 422, "ttl"},
                                         {R"({"ttl":"0s"})", 422, "ttl"},
                                         {R"({"ttl":"soon"})", 422, "ttl"},
                                         {R"({"metadata":[1]})", 400, "metadata"},
                                         {R"({"colour":"blue"})", 422, "colour"}}) {
    HttpResponse res = Send(port(), frank, "POST", "/v1/checkins", c.body);
    EXPECT_EQ(res.status, c.status) << c.body << " -> " << res.body;
    EXPECT_EQ(res.Json()["error"]["details"]["field"], c.field) << res.body;
  }
  EXPECT_EQ(Send(port(), frank, "POST", "/v1/checkins", "{\"ttl\":").status, 400);
  EXPECT_TRUE(Send(port(), frank, "GET", "/v1/checkins/active").Json()["items"].empty());
  EXPECT_EQ(Send(port(), frank, "GET", "/v1/checkins/not-an-id").status, 404);
  EXPECT_EQ(Get(port(), "/v1/checkins/active").status, 401);
}

}  // namespace
}  // namespace sessiond::testing
