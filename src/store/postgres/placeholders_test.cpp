#include "store/postgres/placeholders.hpp"

#include <gtest/gtest.h>

namespace sessiond::store::postgres {
namespace {

struct Case {
  const char* sql;
  const char* expected;
  size_t params;
};

const Case kCases[] = {
    {"SELECT 1", "SELECT 1", 0},
    {"SELECT ?", "SELECT $1", 1},
    {"INSERT INTO t (a, b, c) VALUES (?, ?,?)", "INSERT INTO t (a, b, c) VALUES ($1, $2,$3)", 3},
    {"SELECT ?::uuid, ?::jsonb", "SELECT $1::uuid, $2::jsonb", 2},
    {"SELECT '?' , ?", "SELECT '?' , $1", 1},
    {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
    {"SELECT E'\\'?', ?", "SELECT E'\\'?', $1", 1},
    {"SELECT e'a\\\\', ?", "SELECT e'a\\\\', $1", 1},
    // Without E, a backslash is an ordinary character: the literal ends at the second quote.
    {"SELECT 'a\\', ?", "SELECT 'a\\', $1", 1},
    // "some'..." : the E ends an identifier, so this is not an escape string.
    {"SELECT typE'x\\', ?", "SELECT typE'x\\', $1", 1},
    {"SELECT \"we?rd\" FROM t WHERE a = ?", "SELECT \"we?rd\" FROM t WHERE a = $1", 1},
    {"SELECT \"a\"\"?\" , ?", "SELECT \"a\"\"?\" , $1", 1},
    {"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2},
    {"SELECT ? -- no newline ?", "SELECT $1 -- no newline ?", 1},
    {"SELECT /* ? /* nested ? */ still ? */ ?", "SELECT /* ? /* nested ? */ still ? */ $1", 1},
    {"SELECT $$ ? $$, ?", "SELECT $$ ? $$, $1", 1},
    {"SELECT $fn$ a ? $$ b ? $fn$, ?", "SELECT $fn$ a ? $$ b ? $fn$, $1", 1},
    {"SELECT $1, ?", "SELECT $1, $1", 1},  // positional parameters are not ours to mix in
    {"SELECT a$b, ?", "SELECT a$b, $1", 1},
    {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
    {"SELECT '日本?', ?", "SELECT '日本?', $1", 1},
    {"SELECT ?????????????", "SELECT $1$2$3$4$5$6$7$8$9$10$11$12$13", 13},
};

TEST(Placeholders, RewritesQuestionMarksOutsideLiteralsAndComments) {
  for (const Case& c : kCases) {
    RewrittenSql out = RewritePlaceholders(c.sql);
    EXPECT_EQ(out.text, c.expected) << "input: " << c.sql;
    EXPECT_EQ(out.params, c.params) << "input: " << c.sql;
  }
}

TEST(Placeholders, CacheReturnsTheSameRewriteForTheSameText) {
  PlaceholderCache cache;
  auto first = cache.Get("SELECT ? FROM t");
  auto second = cache.Get(std::string("SELECT ? FROM t"));
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(first->text, "SELECT $1 FROM t");
}

}  // namespace
}  // namespace sessiond::store::postgres
