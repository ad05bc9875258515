// Constraint violations and bad SQL come back as the same error codes on both backends.
#include "store/database.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

class StoreErrors : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    CreateItems();
    Script(
        "CREATE TABLE orders ("
        " id INTEGER PRIMARY KEY,"
        " item_id INTEGER NOT NULL REFERENCES items (id),"
        " code TEXT UNIQUE)");
    ASSERT_OK(Exec("INSERT INTO items (id, name, qty) VALUES (1, 'one', 1)"));
  }

  core::Result<int64_t> Exec(std::string_view sql, Params params = {}) {
    core::Result<int64_t> out = 0;
    core::Result<void> r = db().Write([&](Connection& c) -> core::Result<void> {
      out = c.Execute(sql, params);
      if (!out) return out.error();
      return core::Ok();
    });
    if (!r) return r.error();
    return out;
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreErrors,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendParamName);

TEST_P(StoreErrors, PrimaryKeyViolationIsConflict) {
  EXPECT_EQ(CodeOf(Exec("INSERT INTO items (id, name) VALUES (?, ?)", {1, "again"})), "conflict");
}

TEST_P(StoreErrors, UniqueViolationIsConflict) {
  ASSERT_OK(Exec("INSERT INTO orders (id, item_id, code) VALUES (1, 1, 'A')"));
  EXPECT_EQ(CodeOf(Exec("INSERT INTO orders (id, item_id, code) VALUES (2, 1, 'A')")), "conflict");
}

TEST_P(StoreErrors, CheckViolationIsUnprocessable) {
  EXPECT_EQ(CodeOf(Exec("INSERT INTO items (id, name, qty) VALUES (?, ?, ?)", {2, "neg", -1})),
            "unprocessable");
}

TEST_P(StoreErrors, ForeignKeyViolationIsUnprocessable) {
  EXPECT_EQ(CodeOf(Exec("INSERT INTO orders (id, item_id) VALUES (1, ?)", {99})), "unprocessable");
  ASSERT_OK(Exec("INSERT INTO orders (id, item_id) VALUES (1, 1)"));
  EXPECT_EQ(CodeOf(Exec("DELETE FROM items WHERE id = 1")), "unprocessable");
}

TEST_P(StoreErrors, NotNullViolationIsUnprocessable) {
  EXPECT_EQ(CodeOf(Exec("INSERT INTO items (id, name) VALUES (?, ?)", {2, Value()})),
            "unprocessable");
}

TEST_P(StoreErrors, BadSqlIsInternal) {
  EXPECT_EQ(CodeOf(Exec("INSERT INTO no_such_table VALUES (1)")), "internal");
  EXPECT_EQ(CodeOf(Exec("SELEC 1")), "internal");
}

TEST_P(StoreErrors, AWrongNumberOfValuesIsInternal) {
  EXPECT_EQ(CodeOf(Exec("INSERT INTO items (id, name) VALUES (?, ?)", {2})), "internal");
  EXPECT_EQ(CodeOf(Exec("INSERT INTO items (id, name) VALUES (?, 'x')", {2, "y"})), "internal");
}

TEST_P(StoreErrors, TwoStatementsInOneCallAreRefused) {
  EXPECT_EQ(CodeOf(Exec("DELETE FROM items; DELETE FROM orders")), "internal");
  EXPECT_EQ(Count("items"), 1);
}

TEST_P(StoreErrors, TheFailedWriteLeavesNothingBehind) {
  core::Result<void> r = db().Write([](Connection& c) -> core::Result<void> {
    core::Result<int64_t> a = c.Execute("INSERT INTO items (id, name) VALUES (2, 'two')");
    if (!a) return a.error();
    core::Result<int64_t> b = c.Execute("INSERT INTO items (id, name) VALUES (1, 'dup')");
    if (!b) return b.error();
    return core::Ok();
  });
  EXPECT_EQ(CodeOf(r), "conflict");
  EXPECT_EQ(Count("items"), 1);
}

}  // namespace
}  // namespace sessiond::store::testing
