// Size limits and timeouts: what a misbehaving or slow client gets.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include "http/test_util.hpp"

namespace sessiond::http {
namespace {

using testing::ClientResponse;
using testing::ErrorCodeOf;
using testing::TestClient;
using testing::TestServer;

constexpr uint64_t kBodyLimit = 1024;
constexpr uint64_t kHeaderLimit = 2048;
// How long a test waits for the server to act on a 200 ms timeout before calling it a failure.
constexpr auto kBound = std::chrono::seconds(5);

core::HttpConfig LimitedConfig() {
  core::HttpConfig config = testing::TestConfig();
  config.body_limit = kBodyLimit;
  config.header_limit = kHeaderLimit;
  return config;
}

void AddEcho(Router& router, core::MetricsRegistry&) {
  router.Add(Method::post, "/echo",
             [](RequestContext& ctx) -> boost::asio::awaitable<Response> {
               co_return Response::Text(StatusCode::ok, ctx.body(), "application/json");
             },
             {Access::kPublic});
}

class LimitsTest : public ::testing::Test {
 protected:
  TestServer server_{AddEcho, LimitedConfig()};
  TestClient client_{server_.port()};
};

TEST_F(LimitsTest, BodyAtTheLimitIsAccepted) {
  std::string body = "\"" + std::string(kBodyLimit - 2, 'x') + "\"";
  ClientResponse response = client_.Send(Method::post, "/echo", body, "application/json");
  EXPECT_EQ(response.result(), StatusCode::ok);
  EXPECT_EQ(response.body().size(), kBodyLimit);
}

TEST_F(LimitsTest, ContentLengthOverTheLimitIsRefusedBeforeTheBody) {
  // Only the header is sent: the answer must not wait for the body.
  client_.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 4096\r\n\r\n");
  ClientResponse response = client_.Read();
  EXPECT_EQ(response.result(), StatusCode::payload_too_large);
  EXPECT_EQ(ErrorCodeOf(response), "payload_too_large");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_FALSE(response["X-Request-Id"].empty());
}

TEST_F(LimitsTest, ExpectContinueOverTheLimitGets413Instead) {
  client_.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 4096\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client_.Read().result(), StatusCode::payload_too_large);
}

TEST_F(LimitsTest, ExpectContinueWithinTheLimitGetsContinue) {
  client_.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client_.Read().result(), StatusCode::continue_);
  client_.WriteRaw("{}");
  ClientResponse response = client_.Read();
  EXPECT_EQ(response.result(), StatusCode::ok);
  EXPECT_EQ(response.body(), "{}");
}

TEST_F(LimitsTest, ChunkedBodyCrossingTheLimitIs413) {
  std::string request =
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::string chunk(512, 'x');
  for (int i = 0; i < 8; ++i) request += "200\r\n" + chunk + "\r\n";  // 4 KiB in all
  request += "0\r\n\r\n";
  client_.WriteRaw(request);
  ClientResponse response = client_.Read();
  EXPECT_EQ(response.result(), StatusCode::payload_too_large);
  EXPECT_EQ(ErrorCodeOf(response), "payload_too_large");
  EXPECT_TRUE(client_.ClosedWithin(kBound));
}

TEST_F(LimitsTest, HeaderOverTheLimitIs431) {
  client_.WriteRaw("GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(kHeaderLimit, 'x') +
                   "\r\n\r\n");
  ClientResponse response = client_.Read();
  EXPECT_EQ(response.result(), StatusCode::request_header_fields_too_large);
  EXPECT_EQ(ErrorCodeOf(response), "bad_request");
}

TEST_F(LimitsTest, MalformedRequestIs400AndClosed) {
  client_.WriteRaw("GET /echo HTTP/1.1\r\nHost x\r\n\r\n");
  ClientResponse response = client_.Read();
  EXPECT_EQ(response.result(), StatusCode::bad_request);
  EXPECT_EQ(ErrorCodeOf(response), "bad_request");
  EXPECT_TRUE(client_.ClosedWithin(kBound));
}

core::HttpConfig ShortTimeouts(core::Duration idle, core::Duration read) {
  core::HttpConfig config = testing::TestConfig();
  config.idle_timeout = idle;
  config.read_timeout = read;
  return config;
}

TEST(Timeouts, SilentClientIsDisconnectedAfterIdleTimeout) {
  TestServer server(AddEcho,
                    ShortTimeouts(core::Duration::Millis(200), core::Duration::Seconds(60)));
  TestClient client(server.port());
  EXPECT_TRUE(client.ClosedWithin(kBound));
}

TEST(Timeouts, KeepAliveConnectionIsClosedWhenIdle) {
  TestServer server(AddEcho,
                    ShortTimeouts(core::Duration::Millis(200), core::Duration::Seconds(60)));
  TestClient client(server.port());
  EXPECT_EQ(client.Send(Method::post, "/echo").result(), StatusCode::ok);
  EXPECT_TRUE(client.ClosedWithin(kBound));
}

TEST(Timeouts, TricklingClientIsDisconnectedAfterReadTimeout) {
  TestServer server(AddEcho,
                    ShortTimeouts(core::Duration::Seconds(60), core::Duration::Millis(200)));
  TestClient client(server.port());
  client.WriteRaw("POST /echo HTTP/1.1\r\nHost: x\r\n");  // and never the rest
  EXPECT_TRUE(client.ClosedWithin(kBound));
}

}  // namespace
}  // namespace sessiond::http
