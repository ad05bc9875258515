#include "http/router.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "http/detail/url.hpp"

namespace sessiond::http {
namespace {

struct Segment {
  bool is_param = false;
  std::string literal;  // when !is_param
};

bool IsParamNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

[[noreturn]] void Reject(std::string_view pattern, std::string_view why) {
  throw std::invalid_argument("route pattern \"" + std::string(pattern) +
                              "\": " + std::string(why));
}

// `segment` as a parameter name when it is "{name}", else empty.
std::string ParamName(std::string_view pattern, std::string_view segment) {
  bool opens = !segment.empty() && segment.front() == '{';
  bool closes = !segment.empty() && segment.back() == '}';
  if (!opens && !closes) {
    if (segment.find_first_of("{}") != std::string_view::npos) Reject(pattern, "stray brace");
    return "";
  }
  std::string_view name = segment.size() >= 2 ? segment.substr(1, segment.size() - 2) : "";
  if (!opens || !closes || name.empty() ||
      !std::all_of(name.begin(), name.end(), IsParamNameChar)) {
    Reject(pattern, "a parameter is {name} with letters, digits and '_'");
  }
  return std::string(name);
}

}  // namespace

struct Router::Shape {
  struct Binding {
    const Route* route;
    std::vector<std::string> names;  // per segment; empty for literal segments
  };

  std::vector<Segment> segments;
  std::vector<Binding> bindings;  // at most one per method

  const Binding* Find(Method method) const {
    for (const Binding& binding : bindings) {
      if (binding.route->method == method) return &binding;
    }
    return nullptr;
  }

  // The binding serving `method`: HEAD falls back to GET (RFC 9110 9.3.2; the connection
  // sends the headers only).
  const Binding* Serving(Method method) const {
    const Binding* binding = Find(method);
    if (!binding && method == Method::head) binding = Find(Method::get);
    return binding;
  }

  bool Matches(const std::vector<std::string>& decoded) const {
    if (decoded.size() != segments.size()) return false;
    for (size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].is_param ? decoded[i].empty() : decoded[i] != segments[i].literal) {
        return false;
      }
    }
    return true;
  }

  // True when this shape wins over `other`: at the first segment where one is literal and
  // the other a parameter, this one is literal.
  bool MoreSpecificThan(const Shape& other) const {
    for (size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].is_param != other.segments[i].is_param) return !segments[i].is_param;
    }
    return false;
  }
};

Router::Router() = default;
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  if (method == Method::unknown) Reject(pattern, "unknown method");
  if (pattern.empty() || pattern.front() != '/') Reject(pattern, "must start with '/'");
  if (!handler) Reject(pattern, "empty handler");

  std::vector<Segment> segments;
  std::vector<std::string> names;
  for (std::string_view raw : detail::SplitPath(pattern)) {
    std::string name = ParamName(pattern, raw);
    if (!name.empty() && std::find(names.begin(), names.end(), name) != names.end()) {
      Reject(pattern, "repeated parameter {" + name + "}");
    }
    segments.push_back(name.empty() ? Segment{false, std::string(raw)} : Segment{true, ""});
    names.push_back(std::move(name));
  }

  auto same_shape = [&](const std::unique_ptr<Shape>& shape) {
    return std::equal(shape->segments.begin(), shape->segments.end(), segments.begin(),
                      segments.end(), [](const Segment& a, const Segment& b) {
                        return a.is_param == b.is_param && a.literal == b.literal;
                      });
  };
  auto it = std::find_if(shapes_.begin(), shapes_.end(), same_shape);
  if (it == shapes_.end()) {
    it = shapes_.insert(shapes_.end(), std::make_unique<Shape>());
    (*it)->segments = std::move(segments);
    bool literal = std::none_of(names.begin(), names.end(), [](auto& n) { return !n.empty(); });
    if (literal) literal_shapes_.emplace(std::string(pattern), it->get());
  }
  Shape& shape = **it;
  if (shape.Find(method)) {
    Reject(pattern, std::string(boost::beast::http::to_string(method)) + " is already registered");
  }

  bool token_in_query = options.access == Access::kAuthenticatedOrQueryToken;
  bool requires_auth = options.access == Access::kAuthenticated || token_in_query;
  if (options.access == Access::kDefault) {
    requires_auth = pattern != "/healthz" && pattern != "/readyz" && pattern != "/metrics";
  }
  std::string label = options.metrics_label.empty() ? std::string(pattern) : options.metrics_label;
  routes_.push_back(
      std::make_unique<Route>(Route{method, std::string(pattern), std::move(handler), requires_auth,
                                    token_in_query, std::move(label), routes_.size()}));
  shape.bindings.push_back({routes_.back().get(), std::move(names)});
}

const Router::Shape* Router::FindLiteral(std::string_view path) const {
  // A path with escapes may still spell a literal pattern ("/health%7A"); the slow path
  // decodes it.
  if (path.find('%') != std::string_view::npos) return nullptr;
  auto it = literal_shapes_.find(std::string(path));
  return it == literal_shapes_.end() ? nullptr : it->second;
}

core::Result<RouteMatch> Router::Match(Method method, std::string_view path) const {
  if (path.empty() || path.front() != '/') {
    return core::Error::Field(core::ErrorCode::kBadRequest, "path",
                              "the request target must be an absolute path", path);
  }
  if (const Shape* shape = FindLiteral(path)) {
    // The most specific pattern there is; only if it lacks the method may another one win.
    if (const Shape::Binding* binding = shape->Serving(method)) {
      return RouteMatch{binding->route, {}};
    }
  }
  return MatchBySegments(method, path);
}

core::Result<RouteMatch> Router::MatchBySegments(Method method, std::string_view path) const {
  std::vector<std::string> decoded;
  for (std::string_view raw : detail::SplitPath(path)) {
    std::optional<std::string> segment = detail::PercentDecode(raw, false);
    if (!segment) {
      return core::Error::Field(core::ErrorCode::kBadRequest, "path",
                                "malformed percent-encoding in the path", raw);
    }
    decoded.push_back(std::move(*segment));
  }

  const Shape* best = nullptr;
  const Shape::Binding* best_binding = nullptr;
  std::set<std::string_view> allowed;
  for (const auto& shape : shapes_) {
    if (!shape->Matches(decoded)) continue;
    for (const auto& binding : shape->bindings) {
      allowed.insert(boost::beast::http::to_string(binding.route->method));
      if (binding.route->method == Method::get) allowed.insert("HEAD");
    }
    const Shape::Binding* binding = shape->Serving(method);
    if (binding && (!best || shape->MoreSpecificThan(*best))) {
      best = shape.get();
      best_binding = binding;
    }
  }

  if (best_binding) {
    RouteMatch match{best_binding->route, {}};
    for (size_t i = 0; i < decoded.size(); ++i) {
      if (best->segments[i].is_param) {
        match.params.emplace_back(best_binding->names[i], std::move(decoded[i]));
      }
    }
    return match;
  }
  if (allowed.empty()) return core::Error::NotFound("no route matches " + std::string(path));
  core::Error error{core::ErrorCode::kMethodNotAllowed,
                    std::string(boost::beast::http::to_string(method)) + " is not allowed on " +
                        std::string(path)};
  error.details["allow"] = core::Json::array();
  for (std::string_view name : allowed) error.details["allow"].push_back(name);
  return error;
}

}  // namespace sessiond::http
