#include "http/error_mapping.hpp"

#include <gtest/gtest.h>

namespace sessiond::http {
namespace {

using core::ErrorCode;

struct Mapping {
  ErrorCode code;
  unsigned status;
  const char* wire_name;
};

// Every code of the closed set, beside the status it must map to.
constexpr Mapping kMappings[] = {
    {ErrorCode::kBadRequest, 400, "bad_request"},
    {ErrorCode::kUnauthorized, 401, "unauthorized"},
    {ErrorCode::kForbidden, 403, "forbidden"},
    {ErrorCode::kNotFound, 404, "not_found"},
    {ErrorCode::kMethodNotAllowed, 405, "method_not_allowed"},
    {ErrorCode::kConflict, 409, "conflict"},
    {ErrorCode::kUnprocessable, 422, "unprocessable"},
    {ErrorCode::kPayloadTooLarge, 413, "payload_too_large"},
    {ErrorCode::kUnsupportedMediaType, 415, "unsupported_media_type"},
    {ErrorCode::kTooManyRequests, 429, "too_many_requests"},
    {ErrorCode::kUnavailable, 503, "unavailable"},
    {ErrorCode::kInternal, 500, "internal"},
};

TEST(ErrorMapping, EveryCodeHasItsStatusAndJsonBody) {
  for (const Mapping& m : kMappings) {
    SCOPED_TRACE(m.wire_name);
    core::Error error{m.code, "it went wrong"};
    Response response = ErrorResponse(error);
    EXPECT_EQ(static_cast<unsigned>(HttpStatusFor(m.code)), m.status);
    EXPECT_EQ(static_cast<unsigned>(response.status), m.status);
    EXPECT_EQ(response.headers[Field::content_type], "application/json");
    core::Json body = core::Json::parse(response.body);
    EXPECT_EQ(body, (core::Json{{"error", {{"code", m.wire_name}, {"message", "it went wrong"}}}}));
  }
}

TEST(ErrorMapping, CoversTheWholeClosedSet) {
  // kInternal is the last enumerator; a new code must get a row above.
  EXPECT_EQ(std::size(kMappings), static_cast<size_t>(ErrorCode::kInternal) + 1);
}

TEST(ErrorMapping, DetailsArePassedThrough) {
  core::Error error = core::Error::Field(ErrorCode::kUnprocessable, "ttl", "too long", "99d");
  core::Json body = core::Json::parse(ErrorResponse(error).body);
  EXPECT_EQ(body["error"]["details"], (core::Json{{"field", "ttl"}, {"token", "99d"}}));
}

TEST(ErrorMapping, UnauthorizedCarriesBearerChallenge) {
  Response response = ErrorResponse(core::Error::Unauthorized("no token"));
  EXPECT_EQ(response.headers[Field::www_authenticate], "Bearer");
  EXPECT_EQ(ErrorResponse(core::Error::Forbidden("no")).headers.count(Field::www_authenticate), 0u);
}

TEST(ErrorMapping, MethodNotAllowedListsAllowedMethods) {
  core::Error error{ErrorCode::kMethodNotAllowed, "no"};
  error.details["allow"] = {"GET", "POST"};
  EXPECT_EQ(ErrorResponse(error).headers[Field::allow], "GET, POST");
}

TEST(ErrorMapping, HeaderFieldsTooLargeIs431WithBadRequestBody) {
  Response response = HeaderFieldsTooLargeResponse(16384);
  EXPECT_EQ(response.status, StatusCode::request_header_fields_too_large);
  core::Json body = core::Json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "bad_request");
  EXPECT_EQ(body["error"]["details"]["limit"], 16384);
}

TEST(Response, HelpersSetStatusTypeAndBody) {
  Response json = Response::Json(StatusCode::created, {{"id", 1}});
  EXPECT_EQ(json.status, StatusCode::created);
  EXPECT_EQ(json.body, R"({"id":1})");
  EXPECT_EQ(json.headers[Field::content_type], "application/json");

  Response none = Response::NoContent();
  EXPECT_EQ(none.status, StatusCode::no_content);
  EXPECT_TRUE(none.body.empty());

  Response text = Response::Text(StatusCode::ok, "hi", "text/csv");
  EXPECT_EQ(text.body, "hi");
  EXPECT_EQ(text.headers[Field::content_type], "text/csv");

  Response error = Response::FromError(core::Error::Conflict("taken"));
  EXPECT_EQ(error.status, StatusCode::conflict);
}

}  // namespace
}  // namespace sessiond::http
