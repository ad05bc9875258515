#include "http/detail/media_type.hpp"

#include <boost/beast/core/string.hpp>

namespace sessiond::http::detail {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view Unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

}  // namespace

bool IsJsonMediaType(std::string_view content_type) {
  size_t semicolon = content_type.find(';');
  if (!boost::beast::iequals(Trim(content_type.substr(0, semicolon)), "application/json")) {
    return false;
  }
  while (semicolon != std::string_view::npos) {
    std::string_view rest = content_type.substr(semicolon + 1);
    semicolon = rest.find(';');
    std::string_view parameter = Trim(rest.substr(0, semicolon));
    content_type = rest;
    size_t eq = parameter.find('=');
    if (eq == std::string_view::npos) continue;
    if (!boost::beast::iequals(Trim(parameter.substr(0, eq)), "charset")) continue;
    if (!boost::beast::iequals(Unquote(Trim(parameter.substr(eq + 1))), "utf-8")) return false;
  }
  return true;
}

}  // namespace sessiond::http::detail
