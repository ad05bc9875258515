// The in-process server end to end: routing, the order of checks, errors, request ids,
// keep-alive and metrics, spoken to over a real loopback connection.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>

#include "core/uuid.hpp"
#include "http/health_routes.hpp"
#include "http/test_util.hpp"

namespace sessiond::http {
namespace {

namespace bhttp = boost::beast::http;
using testing::ClientResponse;
using testing::ErrorCodeOf;
using testing::TestClient;
using testing::TestServer;
using Awaitable = boost::asio::awaitable<Response>;

const std::vector<std::pair<std::string, std::string>> kToken = {{"Authorization", "Bearer good"}};

void AddRoutes(Router& router, core::MetricsRegistry& metrics) {
  HealthOptions health;
  health.version = "1.2.3-test";
  RegisterHealthRoutes(router, metrics, std::move(health));

  router.Add(Method::get, "/v1/echo/{name}", [](RequestContext& ctx) -> Awaitable {
    co_return Response::Json(StatusCode::ok, {{"name", ctx.Param("name")},
                                              {"q", ctx.Query("q").value_or("<none>")},
                                              {"subject", ctx.principal().subject},
                                              {"request_id", ctx.request_id()}});
  });
  router.Add(Method::post, "/v1/things", [](RequestContext& ctx) -> Awaitable {
    core::Result<core::Json> body = ctx.JsonBody();
    if (!body) co_return Response::FromError(body.error());
    if (!body->contains("name")) {
      co_return Response::FromError(
          core::Error::Field(core::ErrorCode::kUnprocessable, "name", "name is required"));
    }
    co_return Response::Json(StatusCode::created, *body);
  });
  router.Add(Method::post, "/open/echo",
             [](RequestContext& ctx) -> Awaitable {
               co_return Response::Text(StatusCode::ok, ctx.body());
             },
             {Access::kPublic});
  router.Add(Method::get, "/open/throw",
             [](RequestContext&) -> Awaitable {
               throw std::runtime_error("boom");
               co_return Response::NoContent();
             },
             {Access::kPublic});
  router.Add(Method::delete_, "/open/nothing",
             [](RequestContext&) -> Awaitable { co_return Response::NoContent(); },
             {Access::kPublic});
}

class ServerTest : public ::testing::Test {
 protected:
  TestServer server_{AddRoutes};
  TestClient client_{server_.port()};
};

TEST_F(ServerTest, HealthzAnswersOk) {
  ClientResponse response = client_.Get("/healthz");
  EXPECT_EQ(response.result(), StatusCode::ok);
  EXPECT_EQ(response[Field::content_type], "application/json");
  EXPECT_EQ(response.body(), R"({"status":"ok"})");
}

TEST_F(ServerTest, ReadyzIsReadyWithoutACheck) {
  ClientResponse response = client_.Get("/readyz");
  EXPECT_EQ(response.result(), StatusCode::ok);
  EXPECT_EQ(response.body(), R"({"status":"ready"})");
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  ClientResponse response = client_.Get("/nope");
  EXPECT_EQ(response.result(), StatusCode::not_found);
  EXPECT_EQ(response[Field::content_type], "application/json");
  EXPECT_EQ(ErrorCodeOf(response), "not_found");
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  ClientResponse response = client_.Send(Method::put, "/healthz");
  EXPECT_EQ(response.result(), StatusCode::method_not_allowed);
  EXPECT_EQ(response[Field::allow], "GET, HEAD");
  EXPECT_EQ(ErrorCodeOf(response), "method_not_allowed");
}

TEST_F(ServerTest, NonJsonBodyIs415AndJsonWithCharsetIsFine) {
  ClientResponse refused = client_.Send(Method::post, "/open/echo", "hi", "text/plain");
  EXPECT_EQ(refused.result(), StatusCode::unsupported_media_type);
  EXPECT_EQ(ErrorCodeOf(refused), "unsupported_media_type");
  ClientResponse no_type = client_.Send(Method::post, "/open/echo", "{}");
  EXPECT_EQ(no_type.result(), StatusCode::unsupported_media_type);

  ClientResponse accepted =
      client_.Send(Method::post, "/open/echo", "{}", "application/json; charset=utf-8");
  EXPECT_EQ(accepted.result(), StatusCode::ok);
  ClientResponse bodiless = client_.Send(Method::post, "/open/echo");
  EXPECT_EQ(bodiless.result(), StatusCode::ok);
}

TEST_F(ServerTest, AuthRequiredRoutesNeedAToken) {
  ClientResponse missing = client_.Get("/v1/echo/x");
  EXPECT_EQ(missing.result(), StatusCode::unauthorized);
  EXPECT_EQ(missing[Field::www_authenticate], "Bearer");
  EXPECT_EQ(ErrorCodeOf(missing), "unauthorized");
  ClientResponse bad =
      client_.Send(Method::get, "/v1/echo/x", "", "", {{"Authorization", "Bearer bad"}});
  EXPECT_EQ(bad.result(), StatusCode::unauthorized);

  ClientResponse ok = client_.Send(Method::get, "/v1/echo/a%20b?q=x+y&q=2", "", "", kToken);
  ASSERT_EQ(ok.result(), StatusCode::ok) << ok.body();
  core::Json body = core::Json::parse(ok.body());
  EXPECT_EQ(body["name"], "a b");
  EXPECT_EQ(body["q"], "x y");
  EXPECT_EQ(body["subject"], "user-1");
}

TEST_F(ServerTest, HandlerErrorsMapTo400And422) {
  ClientResponse malformed =
      client_.Send(Method::post, "/v1/things", "{oops", "application/json", kToken);
  EXPECT_EQ(malformed.result(), StatusCode::bad_request);
  EXPECT_EQ(ErrorCodeOf(malformed), "bad_request");
  ClientResponse empty = client_.Send(Method::post, "/v1/things", "", "", kToken);
  EXPECT_EQ(ErrorCodeOf(empty), "bad_request");
  ClientResponse invalid =
      client_.Send(Method::post, "/v1/things", "{}", "application/json", kToken);
  EXPECT_EQ(invalid.result(), StatusCode::unprocessable_entity);
  EXPECT_EQ(core::Json::parse(invalid.body())["error"]["details"]["field"], "name");
  ClientResponse created =
      client_.Send(Method::post, "/v1/things", R"({"name":"a"})", "application/json", kToken);
  EXPECT_EQ(created.result(), StatusCode::created);
}

TEST_F(ServerTest, ChecksComeInTheDocumentedOrder) {
  // 415 before routing, 404/405 before authentication, authentication before the handler.
  EXPECT_EQ(client_.Send(Method::post, "/nope", "x", "text/plain").result(),
            StatusCode::unsupported_media_type);
  EXPECT_EQ(client_.Get("/v1/nope").result(), StatusCode::not_found);
  EXPECT_EQ(client_.Send(Method::delete_, "/v1/things").result(), StatusCode::method_not_allowed);
  EXPECT_EQ(client_.Send(Method::post, "/v1/things", "{oops", "application/json").result(),
            StatusCode::unauthorized);
  EXPECT_EQ(client_.Get("/v1/echo/%zz").result(), StatusCode::bad_request);
  EXPECT_EQ(client_.Get("/healthz?a=%zz").result(), StatusCode::bad_request);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  ClientResponse first = client_.Get("/healthz");
  ClientResponse second = client_.Get("/nope");
  ClientResponse third = client_.Get("/healthz");
  EXPECT_EQ(first.result(), StatusCode::ok);
  EXPECT_EQ(second.result(), StatusCode::not_found);
  EXPECT_EQ(third.result(), StatusCode::ok);
  EXPECT_TRUE(third.keep_alive());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  client_.WriteRaw(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client_.Read().result(), StatusCode::ok);
  EXPECT_EQ(client_.Read().result(), StatusCode::not_found);
}

TEST_F(ServerTest, Http10WithoutKeepAliveIsClosed) {
  client_.WriteRaw("GET /healthz HTTP/1.0\r\n\r\n");
  ClientResponse response = client_.Read();
  EXPECT_EQ(response.result(), StatusCode::ok);
  EXPECT_TRUE(client_.ClosedWithin(std::chrono::seconds(5)));
}

TEST_F(ServerTest, HeadGetsTheGetHeaderWithoutBody) {
  client_.WriteRaw(
      "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ClientResponse head = client_.ReadHeadResponse();
  EXPECT_EQ(head.result(), StatusCode::ok);
  EXPECT_EQ(head[Field::content_length], "15");
  ClientResponse get = client_.Read();  // would fail to parse if the HEAD had sent a body
  EXPECT_EQ(get.result(), StatusCode::ok);
  EXPECT_EQ(get.body(), R"({"status":"ok"})");
}

TEST_F(ServerTest, RequestIdIsEchoedOrGenerated) {
  ClientResponse given = client_.Send(Method::get, "/healthz", "", "", {{"X-Request-Id", "abc-1"}});
  EXPECT_EQ(given["X-Request-Id"], "abc-1");
  ClientResponse seen =
      client_.Send(Method::get, "/v1/echo/x", "", "", {{"X-Request-Id", "abc-2"}, kToken[0]});
  EXPECT_EQ(core::Json::parse(seen.body())["request_id"], "abc-2");

  ClientResponse generated = client_.Get("/nope");
  core::Result<core::Uuid> id = core::Uuid::Parse(std::string(generated["X-Request-Id"]));
  ASSERT_TRUE(id.ok()) << generated["X-Request-Id"];
  EXPECT_EQ(id->version(), 7);
  ClientResponse replaced =
      client_.Send(Method::get, "/healthz", "", "", {{"X-Request-Id", std::string(300, 'x')}});
  EXPECT_EQ(replaced["X-Request-Id"].size(), 36u);
}

TEST_F(ServerTest, HandlerExceptionIs500AndTheConnectionGoesOn) {
  ClientResponse thrown = client_.Get("/open/throw");
  EXPECT_EQ(thrown.result(), StatusCode::internal_server_error);
  EXPECT_EQ(ErrorCodeOf(thrown), "internal");
  EXPECT_EQ(client_.Get("/healthz").result(), StatusCode::ok);
}

TEST_F(ServerTest, NoContentHasNoBodyOrLength) {
  ClientResponse response = client_.Send(Method::delete_, "/open/nothing");
  EXPECT_EQ(response.result(), StatusCode::no_content);
  EXPECT_EQ(response.count(Field::content_length), 0u);
  EXPECT_EQ(client_.Get("/healthz").result(), StatusCode::ok);
}

TEST_F(ServerTest, MetricsCountRequestsByRouteMethodAndStatus) {
  client_.Get("/healthz");
  client_.Get("/nope");
  ClientResponse metrics = client_.Get("/metrics");
  EXPECT_EQ(metrics.result(), StatusCode::ok);
  EXPECT_EQ(metrics[Field::content_type], "text/plain; version=0.0.4");
  const std::string& text = metrics.body();
  EXPECT_NE(
      text.find(R"(sessiond_http_requests_total{route="/healthz",method="GET",status="200"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(sessiond_http_requests_total{route="unmatched",method="GET",status="404"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(sessiond_http_request_duration_seconds_count{route="/healthz",method="GET"} 1)"),
      std::string::npos)
      << text;
  // The scrape itself is in flight while it renders.
  EXPECT_NE(text.find("sessiond_http_requests_in_flight 1"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(sessiond_build_info{version="1.2.3-test"} 1)"), std::string::npos) << text;
}

TEST(Readyz, ReportsTheCheckAndItsTimeout) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  int calls = 0;
  auto add_routes = [&](Router& router, core::MetricsRegistry& metrics) {
    HealthOptions health;
    health.readiness_timeout = core::Duration::Millis(100);
    health.readiness = [&]() -> core::Result<void> {
      ++calls;  // one check at a time, on the checker's own thread
      if (calls == 1) return core::Ok();
      if (calls == 2) return core::Error::Internal("database unreachable");
      released.wait();  // the third check outlives the timeout
      return core::Ok();
    };
    RegisterHealthRoutes(router, metrics, std::move(health));
  };
  TestServer server(add_routes);
  TestClient client(server.port());
  EXPECT_EQ(client.Get("/readyz").result(), StatusCode::ok);

  ClientResponse down = client.Get("/readyz");
  EXPECT_EQ(down.result(), StatusCode::service_unavailable);
  EXPECT_EQ(ErrorCodeOf(down), "unavailable");
  EXPECT_EQ(core::Json::parse(down.body())["error"]["message"], "database unreachable");

  ClientResponse slow = client.Get("/readyz");
  EXPECT_EQ(slow.result(), StatusCode::service_unavailable);
  EXPECT_EQ(ErrorCodeOf(slow), "unavailable");
  release.set_value();
}

}  // namespace
}  // namespace sessiond::http
