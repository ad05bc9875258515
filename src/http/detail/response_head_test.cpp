#include "http/detail/response_head.hpp"

#include <gtest/gtest.h>

namespace sessiond::http::detail {
namespace {

TEST(ResponseHead, WritesStatusFieldsAndOurFraming) {
  Response response = Response::Json(StatusCode::created, {{"id", 1}});
  response.headers.set(Field::location, "/v1/things/1");
  EXPECT_EQ(ResponseHead(response, {11, true, false, "rid-1"}),
            "HTTP/1.1 201 Created\r\n"
            "Content-Type: application/json\r\n"
            "Location: /v1/things/1\r\n"
            "X-Request-Id: rid-1\r\n"
            "Content-Length: 8\r\n"
            "\r\n");
}

TEST(ResponseHead, ConnectionFollowsVersionAndKeepAlive) {
  Response response = Response::Text(StatusCode::ok, "hi");
  response.headers.erase(Field::content_type);
  EXPECT_EQ(ResponseHead(response, {11, false, false, "r"}),
            "HTTP/1.1 200 OK\r\nX-Request-Id: r\r\nContent-Length: 2\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(
      ResponseHead(response, {10, true, false, "r"}),
      "HTTP/1.0 200 OK\r\nX-Request-Id: r\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(ResponseHead(response, {10, false, false, "r"}),
            "HTTP/1.0 200 OK\r\nX-Request-Id: r\r\nContent-Length: 2\r\n\r\n");
}

TEST(ResponseHead, ReplacesHandlerFramingFieldsAndNeutralizesLineBreaks) {
  Response response = Response::Text(StatusCode::ok, "abc", "text/plain");
  response.headers.set(Field::content_length, "999");
  response.headers.set(Field::transfer_encoding, "chunked");
  response.headers.set(Field::connection, "upgrade");
  response.headers.set("X-Request-Id", "theirs");
  response.headers.set("X-Note", "a\r\nSet-Cookie: evil");
  EXPECT_EQ(ResponseHead(response, {11, true, false, "ours"}),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/plain\r\n"
            "X-Note: a  Set-Cookie: evil\r\n"
            "X-Request-Id: ours\r\n"
            "Content-Length: 3\r\n"
            "\r\n");
}

TEST(ResponseHead, NoContentHasNoLengthAndHeadNoBody) {
  EXPECT_EQ(ResponseHead(Response::NoContent(), {11, true, false, "r"}),
            "HTTP/1.1 204 No Content\r\nX-Request-Id: r\r\n\r\n");
  Framing head{11, true, true, "r"};
  EXPECT_FALSE(SendsBody(StatusCode::ok, head));
  EXPECT_TRUE(SendsBody(StatusCode::ok, Framing{}));
  EXPECT_FALSE(SendsBody(StatusCode::no_content, Framing{}));
  EXPECT_FALSE(SendsBody(StatusCode::not_modified, Framing{}));
  // HEAD keeps the GET response's length.
  EXPECT_NE(ResponseHead(Response::Text(StatusCode::ok, "abc"), head).find("Content-Length: 3"),
            std::string::npos);
}

}  // namespace
}  // namespace sessiond::http::detail
