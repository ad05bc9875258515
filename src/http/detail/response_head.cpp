#include "http/detail/response_head.hpp"

namespace sessiond::http::detail {
namespace {

bool IsOurs(Field field) {
  return field == Field::content_length || field == Field::connection ||
         field == Field::transfer_encoding || field == Field::keep_alive;
}

void AppendValue(std::string& out, std::string_view value) {
  if (value.find_first_of("\r\n") == std::string_view::npos) {
    out += value;  // the common case, in one copy
    return;
  }
  for (char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  AppendValue(out, value);
  out += "\r\n";
}

}  // namespace

bool SendsBody(StatusCode status, const Framing& framing) {
  return !framing.head_request && status != StatusCode::no_content &&
         status != StatusCode::not_modified;
}

std::string ResponseHead(const Response& response, const Framing& framing) {
  constexpr std::string_view kRequestId = "X-Request-Id";
  std::string out;
  out.reserve(256);
  out += framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(static_cast<unsigned>(response.status));
  out += ' ';
  out += boost::beast::http::obsolete_reason(response.status);
  out += "\r\n";
  for (const auto& field : response.headers) {
    if (IsOurs(field.name()) || boost::beast::iequals(field.name_string(), kRequestId)) continue;
    AppendField(out, field.name_string(), field.value());
  }
  AppendField(out, kRequestId, framing.request_id);
  if (framing.streamed) {
    if (framing.version >= 11) out += "Transfer-Encoding: chunked\r\n";
    // 204 and 304 have no Content-Length (RFC 9110 8.6); HEAD has the GET response's.
  } else if (response.status != StatusCode::no_content &&
             response.status != StatusCode::not_modified) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  if (!framing.keep_alive && framing.version >= 11) out += "Connection: close\r\n";
  if (framing.keep_alive && framing.version == 10) out += "Connection: keep-alive\r\n";
  out += "\r\n";
  return out;
}

}  // namespace sessiond::http::detail
