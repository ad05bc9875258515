#pragma once

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

// The Beast types the public API of sessiond::http speaks in. Our namespace is also named
// `http`, so inside it these aliases spare everyone the full boost::beast::http spelling.
namespace sessiond::http {

using Method = boost::beast::http::verb;        // Method::get, Method::post, ...
using StatusCode = boost::beast::http::status;  // StatusCode::ok, StatusCode::not_found, ...
using Field = boost::beast::http::field;        // Field::content_type, ...
using Fields = boost::beast::http::fields;
using Request = boost::beast::http::request<boost::beast::http::string_body>;

}  // namespace sessiond::http
