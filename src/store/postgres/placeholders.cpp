#include "store/postgres/placeholders.hpp"

namespace sessiond::store::postgres {
namespace {

// Like the statement caches, bounded only against SQL built at run time.
constexpr size_t kMaxCachedTexts = 4096;

// Characters that continue an identifier (PostgreSQL allows `$` and any non-ASCII byte).
bool IsIdentChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '$' || u >= 0x80;
}

bool IsTagStart(char c) { return IsIdentChar(c) && c != '$' && !(c >= '0' && c <= '9'); }

// Each Skip* returns the index just past the construct starting at `i` (or the end).
size_t SkipQuoted(std::string_view sql, size_t i, char quote, bool backslash_escapes) {
  for (size_t j = i + 1; j < sql.size(); ++j) {
    if (backslash_escapes && sql[j] == '\\') {
      ++j;
    } else if (sql[j] == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        ++j;  // a doubled quote stands for itself
      } else {
        return j + 1;
      }
    }
  }
  return sql.size();
}

size_t SkipLineComment(std::string_view sql, size_t i) {
  size_t end = sql.find('\n', i);
  return end == std::string_view::npos ? sql.size() : end + 1;
}

size_t SkipBlockComment(std::string_view sql, size_t i) {
  int depth = 0;  // PostgreSQL's block comments nest
  for (size_t j = i; j + 1 < sql.size(); ++j) {
    if (sql[j] == '/' && sql[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (sql[j] == '*' && sql[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return sql.size();
}

// `$tag$ ... $tag$`, or 0 when the `$` at `i` does not open a dollar quote (e.g. `$1`).
size_t SkipDollarQuote(std::string_view sql, size_t i) {
  size_t j = i + 1;
  if (j < sql.size() && sql[j] != '$') {
    if (!IsTagStart(sql[j])) return 0;
    while (j < sql.size() && IsIdentChar(sql[j]) && sql[j] != '$') ++j;
    if (j >= sql.size() || sql[j] != '$') return 0;
  }
  if (j >= sql.size()) return 0;
  std::string_view tag = sql.substr(i, j - i + 1);
  size_t close = sql.find(tag, j + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  RewrittenSql out;
  out.text.reserve(sql.size() + 16);
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    bool after_ident = i > 0 && IsIdentChar(sql[i - 1]);
    size_t end = 0;  // past a construct to copy verbatim, or 0
    if (c == '\'') {
      // E'...' takes backslash escapes; the E must be a word of its own, not the end of one.
      bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                     !(i > 1 && IsIdentChar(sql[i - 2]));
      end = SkipQuoted(sql, i, '\'', escapes);
    } else if (c == '"') {
      end = SkipQuoted(sql, i, '"', false);
    } else if (c == '-' && next == '-') {
      end = SkipLineComment(sql, i);
    } else if (c == '/' && next == '*') {
      end = SkipBlockComment(sql, i);
    } else if (c == '$' && !after_ident) {
      end = SkipDollarQuote(sql, i);
    } else if (c == '?') {
      out.text += '$';
      out.text += std::to_string(++out.params);
      ++i;
      continue;
    }
    if (end == 0) end = i + 1;
    out.text.append(sql.substr(i, end - i));
    i = end;
  }
  return out;
}

std::shared_ptr<const RewrittenSql> PlaceholderCache::Get(std::string_view sql) {
  {
    std::lock_guard lock(mu_);
    if (auto it = rewritten_.find(sql); it != rewritten_.end()) return it->second;
  }
  // Rewritten outside the lock; two threads racing on a new text both compute the same thing.
  auto rewritten = std::make_shared<const RewrittenSql>(RewritePlaceholders(sql));
  std::lock_guard lock(mu_);
  if (rewritten_.size() >= kMaxCachedTexts) rewritten_.clear();
  rewritten_.emplace(std::string(sql), rewritten);
  return rewritten;
}

}  // namespace sessiond::store::postgres
