#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sessiond::store::postgres {

// SQL written with `?` placeholders, rewritten to PostgreSQL's `$1..$n`.
struct RewrittenSql {
  std::string text;
  size_t params = 0;
};

// Numbers every `?` outside string literals ('...', E'...' with backslash escapes),
// quoted identifiers ("..."), dollar-quoted bodies ($$...$$, $tag$...$tag$) and comments
// (-- ... and nested /* ... */), which are copied unchanged. PostgreSQL's jsonb operators
// `?`, `?|` and `?&` are therefore unusable in our SQL: write jsonb_exists(),
// jsonb_exists_any() or jsonb_exists_all() instead. Unterminated literals are copied as
// they are and left to the server to reject.
RewrittenSql RewritePlaceholders(std::string_view sql);

// Rewrites each distinct SQL text once and shares the result between the pool's
// connections. Thread-safe.
class PlaceholderCache {
 public:
  std::shared_ptr<const RewrittenSql> Get(std::string_view sql);

 private:
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const RewrittenSql>, TextHash, std::equal_to<>>
      rewritten_;  // guarded by mu_
};

}  // namespace sessiond::store::postgres
