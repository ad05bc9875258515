// Every type a Value can bind goes in and comes back unchanged, in each backend's native
// column type (DESIGN.md: PostgreSQL uuid, timestamptz, date, jsonb; SQLite text, integers).
#include <limits>
#include <optional>

#include "store/database.hpp"
#include "store_test.hpp"

namespace sessiond::store::testing {
namespace {

class StoreTypes : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Script(Pick(
        "CREATE TABLE vals (id INTEGER PRIMARY KEY, t TEXT, i INTEGER, d REAL, b INTEGER,"
        " ts TEXT, day TEXT, u TEXT, j TEXT)",
        "CREATE TABLE vals (id bigint PRIMARY KEY, t text, i bigint, d double precision,"
        " b boolean, ts timestamptz, day date, u uuid, j jsonb)"));
  }

  void Put(int64_t id, std::string_view column, Value value) {
    std::string sql = "INSERT INTO vals (id, " + std::string(column) + ") VALUES (?, ?)";
    ASSERT_OK(db().Write([&](Connection& c) -> core::Result<void> {
      core::Result<int64_t> n = c.Execute(sql, {id, value});
      if (!n) return n.error();
      return core::Ok();
    }));
  }

  // The row's cells, read back in a read transaction.
  Rows Get(int64_t id) {
    Rows rows;
    EXPECT_OK(db().Read([&](Connection& c) -> core::Result<void> {
      core::Result<Rows> r =
          c.Query("SELECT t, i, d, b, ts, day, u, j FROM vals WHERE id = ?", {id});
      if (!r) return r.error();
      rows = std::move(*r);
      return core::Ok();
    }));
    EXPECT_EQ(rows.size(), 1u);
    return rows;
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreTypes,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendParamName);

TEST_P(StoreTypes, TextRoundTripsIncludingUnicodeQuotesAndPlaceholders) {
  const std::string texts[] = {"plain", "", "it's \"quoted\"; -- not a comment", "why? ? ?",
                               "héllo wörld ✓ 日本語 🎉", "back\\slash", "line\nbreak\ttab",
                               std::string(10000, 'x')};
  int64_t id = 0;
  for (const std::string& text : texts) {
    Put(++id, "t", Value(text));
    Rows rows = Get(id);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_FALSE(rows[0].IsNull(0));
    EXPECT_EQ(rows[0].Text(0), text);
  }
}

TEST_P(StoreTypes, IntegersRoundTripAtTheirLimits) {
  const int64_t ints[] = {0, 1, -1, 42, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max()};
  int64_t id = 0;
  for (int64_t value : ints) {
    Put(++id, "i", Value(value));
    EXPECT_EQ(Get(id)[0].Int(1), value);
  }
}

TEST_P(StoreTypes, DoublesRoundTripExactly) {
  const double doubles[] = {0.0, 0.1, -2.5, 1.0 / 3.0, 1e300, -1e-300,
                            std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                            std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity()};
  int64_t id = 0;
  for (double value : doubles) {
    Put(++id, "d", Value(value));
    Rows rows = Get(id);
    EXPECT_EQ(rows[0].Double(2), value);
    // Read as text too: the shortest form that reads back as the same number.
    EXPECT_EQ(std::stod(rows[0].Text(2)), value) << rows[0].Text(2);
  }
}

TEST_P(StoreTypes, BooleansRoundTrip) {
  Put(1, "b", Value(true));
  Put(2, "b", Value(false));
  EXPECT_TRUE(Get(1)[0].Bool(3));
  EXPECT_FALSE(Get(2)[0].Bool(3));
}

TEST_P(StoreTypes, TimestampsRoundTripToTheMicrosecond) {
  const core::Timestamp stamps[] = {
      *core::Timestamp::Parse("2026-11-21T19:04:00.123456Z"),
      *core::Timestamp::Parse("1969-12-31T23:59:59.999999Z"),
      core::Timestamp::FromMicros(0),
      *core::Timestamp::Parse("2038-01-19T03:14:08.000001Z"),
  };
  int64_t id = 0;
  for (core::Timestamp ts : stamps) {
    Put(++id, "ts", Value(ts));
    EXPECT_EQ(Get(id)[0].Time(4), ts) << ts.ToRfc3339Micros();
  }
}

TEST_P(StoreTypes, TimestampsCompareAndSortAsTime) {
  core::Timestamp early = *core::Timestamp::Parse("1999-12-31T23:59:59.999999Z");
  core::Timestamp mid = *core::Timestamp::Parse("2026-11-21T19:04:00.000001Z");
  core::Timestamp late = *core::Timestamp::Parse("2026-11-21T19:04:00.1Z");
  Put(1, "ts", Value(late));
  Put(2, "ts", Value(early));
  Put(3, "ts", Value(mid));
  std::vector<int64_t> order;
  ASSERT_OK(db().Read([&](Connection& c) -> core::Result<void> {
    core::Result<Rows> rows = c.Query("SELECT id FROM vals WHERE ts > ? ORDER BY ts", {early});
    if (!rows) return rows.error();
    for (Row row : *rows) order.push_back(row.Int(0));
    return core::Ok();
  }));
  EXPECT_EQ(order, (std::vector<int64_t>{3, 1}));
}

TEST_P(StoreTypes, DatesRoundTrip) {
  const core::Date dates[] = {core::Date(2026, 11, 21), core::Date(2024, 2, 29),
                              core::Date(1999, 12, 31), core::Date(1, 1, 1)};
  int64_t id = 0;
  for (core::Date day : dates) {
    Put(++id, "day", Value(day));
    EXPECT_EQ(Get(id)[0].Day(5), day) << day.ToString();
  }
}

TEST_P(StoreTypes, UuidsRoundTripInCanonicalForm) {
  core::Uuid id = *core::Uuid::Parse("0190F0E2-7B1C-7DEF-8A12-3456789ABCDE");
  Put(1, "u", Value(id));
  Rows rows = Get(1);
  EXPECT_EQ(rows[0].Id(6), id);
  EXPECT_EQ(rows[0].Text(6), "0190f0e2-7b1c-7def-8a12-3456789abcde");
}

TEST_P(StoreTypes, JsonRoundTripsAsTheSameValue) {
  core::Json json = {{"name", "héllo \"quoted\" ?"},
                     {"n", 42},
                     {"big", std::numeric_limits<int64_t>::max()},
                     {"ratio", 0.1},
                     {"ok", true},
                     {"nothing", nullptr},
                     {"list", {1, "two", {{"three", 3}}}}};
  Put(1, "j", AsJson(json));
  Put(2, "j", AsJson(core::Json::array()));
  EXPECT_EQ(Get(1)[0].Json(7), json);
  EXPECT_EQ(Get(2)[0].Json(7), core::Json::array());
}

TEST_P(StoreTypes, NullRoundTripsInEveryColumn) {
  const char* columns[] = {"t", "i", "d", "b", "ts", "day", "u", "j"};
  int64_t id = 0;
  for (const char* column : columns) {
    Put(++id, column, Value());
    Rows rows = Get(id);
    for (size_t col = 0; col < rows[0].size(); ++col) {
      EXPECT_TRUE(rows[0].IsNull(col)) << column << " col " << col;
    }
  }
  std::optional<core::Timestamp> none;
  Put(++id, "ts", Value(none));
  EXPECT_TRUE(Get(id)[0].IsNull(4));
}

TEST_P(StoreTypes, OneStatementTakesValuesOfEveryTypeAtOnce) {
  core::Timestamp ts = *core::Timestamp::Parse("2026-11-21T19:04:00.654321Z");
  core::Uuid u = *core::Uuid::Parse("0190f0e2-7b1c-7def-8a12-3456789abcde");
  ASSERT_OK(db().Write([&](Connection& c) -> core::Result<void> {
    core::Result<int64_t> n = c.Execute(
        "INSERT INTO vals (id, t, i, d, b, ts, day, u, j) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {1, "t", int64_t{-7}, 2.5, true, ts, core::Date(2026, 1, 2), u, AsJson({{"k", "v"}})});
    if (!n) return n.error();
    return core::Ok();
  }));
  Rows rows = Get(1);
  Row row = rows[0];
  EXPECT_EQ(row.Text(0), "t");
  EXPECT_EQ(row.Int(1), -7);
  EXPECT_EQ(row.Double(2), 2.5);
  EXPECT_TRUE(row.Bool(3));
  EXPECT_EQ(row.Time(4), ts);
  EXPECT_EQ(row.Day(5), core::Date(2026, 1, 2));
  EXPECT_EQ(row.Id(6), u);
  EXPECT_EQ(row.Json(7), (core::Json{{"k", "v"}}));
}

}  // namespace
}  // namespace sessiond::store::testing
