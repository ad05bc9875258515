#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "http/error_mapping.hpp"

namespace sessiond::http {
namespace {

Handler Stub() {
  return
      [](RequestContext&) -> boost::asio::awaitable<Response> { co_return Response::NoContent(); };
}

// "GET /v1/jobs/{name} name=x" for a match, "405 GET, POST" or "404" for a failure: one
// printed form to compare whole outcomes at once.
std::string Print(const core::Result<RouteMatch>& match, const Router& router) {
  if (!match) {
    std::string out = std::to_string(static_cast<unsigned>(HttpStatusFor(match.error().code)));
    if (match.error().details.contains("allow")) {
      for (const auto& m : match.error().details["allow"]) out += " " + m.get<std::string>();
    }
    return out;
  }
  std::string out = std::string(boost::beast::http::to_string(match->route->method)) + " " +
                    match->route->pattern;
  for (const auto& [name, value] : match->params) out += " " + name + "=" + value;
  EXPECT_EQ(router.routes()[match->route->index].get(), match->route);
  return out;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add(Method::get, "/healthz", Stub());
    router_.Add(Method::get, "/v1/jobs", Stub());
    router_.Add(Method::post, "/v1/jobs", Stub());
    router_.Add(Method::get, "/v1/jobs/{name}", Stub());
    router_.Add(Method::delete_, "/v1/jobs/{job}", Stub());
    router_.Add(Method::get, "/v1/jobs/active", Stub());
    router_.Add(Method::get, "/v1/jobs/{name}/runs", Stub());
    router_.Add(Method::post, "/v1/jobs/{name}/runs/{run}/retry", Stub());
    router_.Add(Method::get, "/", Stub());
  }
  std::string Match(Method method, std::string_view path) {
    return Print(router_.Match(method, path), router_);
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralAndParameterPatterns) {
  EXPECT_EQ(Match(Method::get, "/healthz"), "GET /healthz");
  EXPECT_EQ(Match(Method::get, "/"), "GET /");
  EXPECT_EQ(Match(Method::post, "/v1/jobs"), "POST /v1/jobs");
  EXPECT_EQ(Match(Method::get, "/v1/jobs/daily"), "GET /v1/jobs/{name} name=daily");
  EXPECT_EQ(Match(Method::delete_, "/v1/jobs/daily"), "DELETE /v1/jobs/{job} job=daily");
  EXPECT_EQ(Match(Method::get, "/v1/jobs/daily/runs"), "GET /v1/jobs/{name}/runs name=daily");
  EXPECT_EQ(Match(Method::post, "/v1/jobs/a/runs/7/retry"),
            "POST /v1/jobs/{name}/runs/{run}/retry name=a run=7");
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameter) {
  EXPECT_EQ(Match(Method::get, "/v1/jobs/active"), "GET /v1/jobs/active");
  // The literal pattern lacks DELETE, the parameter one has it.
  EXPECT_EQ(Match(Method::delete_, "/v1/jobs/active"), "DELETE /v1/jobs/{job} job=active");
}

TEST_F(RouterTest, DecodesParametersAndLiterals) {
  EXPECT_EQ(Match(Method::get, "/v1/jobs/a%20b"), "GET /v1/jobs/{name} name=a b");
  EXPECT_EQ(Match(Method::get, "/v1/jobs/a%2Fb/runs"), "GET /v1/jobs/{name}/runs name=a/b");
  EXPECT_EQ(Match(Method::get, "/health%7A"), "GET /healthz");
  EXPECT_EQ(Match(Method::get, "/v1/jobs/a+b"), "GET /v1/jobs/{name} name=a+b");
}

TEST_F(RouterTest, UnknownPathIs404) {
  EXPECT_EQ(Match(Method::get, "/nope"), "404");
  EXPECT_EQ(Match(Method::get, "/v1/jobs/"), "404");  // no trailing-slash folding
  EXPECT_EQ(Match(Method::get, "/v1//runs"), "404");  // a parameter is never empty
  EXPECT_EQ(Match(Method::get, "/HEALTHZ"), "404");
  EXPECT_EQ(Match(Method::get, "/v1/jobs/a/runs/extra"), "404");
}

TEST_F(RouterTest, KnownPathWithOtherMethodIs405WithSortedAllow) {
  EXPECT_EQ(Match(Method::delete_, "/v1/jobs"), "405 GET HEAD POST");
  EXPECT_EQ(Match(Method::post, "/v1/jobs/daily"), "405 DELETE GET HEAD");
  // Allow unites every pattern matching the path.
  EXPECT_EQ(Match(Method::put, "/v1/jobs/active"), "405 DELETE GET HEAD");
  EXPECT_EQ(Match(Method::post, "/healthz"), "405 GET HEAD");
}

TEST_F(RouterTest, HeadIsServedByGet) {
  EXPECT_EQ(Match(Method::head, "/healthz"), "GET /healthz");
  EXPECT_EQ(Match(Method::head, "/v1/jobs/x"), "GET /v1/jobs/{name} name=x");
  router_.Add(Method::head, "/v1/jobs", Stub());
  EXPECT_EQ(Match(Method::head, "/v1/jobs"), "HEAD /v1/jobs");
}

TEST_F(RouterTest, MalformedPathIsBadRequest) {
  EXPECT_EQ(Match(Method::get, "/v1/jobs/%zz"), "400");
  EXPECT_EQ(Match(Method::get, "*"), "400");
  EXPECT_EQ(Match(Method::get, "http://example.com/healthz"), "400");
}

TEST(Router, AuthDefaultsToRequiredExceptHealthEndpoints) {
  Router router;
  router.Add(Method::get, "/healthz", Stub());
  router.Add(Method::get, "/readyz", Stub());
  router.Add(Method::get, "/metrics", Stub());
  router.Add(Method::get, "/v1/me", Stub());
  router.Add(Method::get, "/other", Stub());
  router.Add(Method::get, "/v1/public", Stub(), {Access::kPublic});
  router.Add(Method::post, "/metrics", Stub(), {Access::kAuthenticated});
  std::vector<std::string> auth;
  for (const auto& route : router.routes()) {
    auth.push_back(route->pattern + (route->requires_auth ? " auth" : " public"));
  }
  EXPECT_EQ(auth, (std::vector<std::string>{"/healthz public", "/readyz public", "/metrics public",
                                            "/v1/me auth", "/other auth", "/v1/public public",
                                            "/metrics auth"}));
}

TEST(Router, MetricsLabelDefaultsToThePattern) {
  Router router;
  router.Add(Method::get, "/v1/jobs/{name}", Stub());
  router.Add(Method::get, "/v1/x", Stub(), {Access::kDefault, "x"});
  EXPECT_EQ(router.routes()[0]->metrics_label, "/v1/jobs/{name}");
  EXPECT_EQ(router.routes()[1]->metrics_label, "x");
}

TEST(Router, RefusesBadPatternsAndDuplicates) {
  Router router;
  router.Add(Method::get, "/v1/jobs/{name}", Stub());
  EXPECT_THROW(router.Add(Method::get, "/v1/jobs/{other}", Stub()), std::invalid_argument);
  EXPECT_NO_THROW(router.Add(Method::put, "/v1/jobs/{other}", Stub()));
  const char* bad[] = {"",         "v1/jobs",  "/v1/{a}/{a}", "/v1/{}", "/v1/{a-b}",
                       "/v1/x{a}", "/v1/{a}x", "/v1/{a",      "/v1/a}"};
  for (const char* pattern : bad) {
    EXPECT_THROW(router.Add(Method::get, pattern, Stub()), std::invalid_argument) << pattern;
  }
  EXPECT_THROW(router.Add(Method::unknown, "/x", Stub()), std::invalid_argument);
  EXPECT_THROW(router.Add(Method::get, "/y", Handler{}), std::invalid_argument);
}

}  // namespace
}  // namespace sessiond::http
