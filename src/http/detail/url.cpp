#include "http/detail/url.hpp"

#include <cassert>

namespace sessiond::http::detail {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

TargetParts SplitTarget(std::string_view target) {
  size_t question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
      continue;
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;  // needs two hex digits
    int high = HexValue(text[i + 1]);
    int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

core::Result<QueryParams> ParseQuery(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string_view raw_name = piece.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    std::optional<std::string> name = PercentDecode(raw_name, true);
    std::optional<std::string> value = PercentDecode(raw_value, true);
    if (!name || !value) {
      return core::Error::Field(core::ErrorCode::kBadRequest, "query",
                                "malformed percent-encoding in the query", piece);
    }
    params.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  assert(!path.empty() && path.front() == '/' && "a path starts with '/'");
  std::vector<std::string_view> segments;
  std::string_view rest = path.substr(1);
  for (;;) {
    size_t slash = rest.find('/');
    segments.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return segments;
}

}  // namespace sessiond::http::detail
