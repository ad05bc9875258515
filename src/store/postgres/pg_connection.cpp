#include "store/postgres/pg_connection.hpp"

#include <charconv>
#include <cstring>
#include <vector>

#include "store/postgres/pg_errors.hpp"
#include "store/postgres/pg_params.hpp"

namespace sessiond::store::postgres {
namespace {

// Repositories prepare a bounded set of statements; the cap only stops SQL built at run
// time (scratch tables in tests) from filling the server's memory.
constexpr size_t kMaxPreparedStatements = 512;

bool Succeeded(const PGresult* result) {
  ExecStatusType status = PQresultStatus(result);
  return result != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
}

// Notices ("relation already exists, skipping") would go to stderr; they carry nothing a
// caller acts on.
void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

core::Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& url,
                                                                  PlaceholderCache& placeholders) {
  ConnHandle conn(PQconnectdb(url.c_str()));
  if (!conn) return core::Error::Unavailable("postgres: out of memory while connecting");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return MapPgError("", std::string("cannot connect: ") + PQerrorMessage(conn.get()), true);
  }
  PQsetNoticeProcessor(conn.get(), IgnoreNotice, nullptr);
  std::unique_ptr<PgConnection> connection(new PgConnection(std::move(conn), placeholders));
  if (core::Result<void> set = connection->SetUpSession(); !set) return set.error();
  return connection;
}

core::Result<void> PgConnection::SetUpSession() {
  // Results are read as text, so the text forms must be the ones Row parses, whatever the
  // server's or the role's defaults say.
  if (PQsetClientEncoding(conn_.get(), "UTF8") != 0) return ErrorOf(nullptr);
  core::Result<ResultHandle> set = Exec("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'");
  if (!set) return set.error();
  return core::Ok();
}

core::Result<void> PgConnection::Reconnect() {
  // Whatever happens, the server-side prepared statements died with the old session.
  statements_.clear();
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    broken_ = true;
    return MapPgError("", std::string("cannot reconnect: ") + PQerrorMessage(conn_.get()), true);
  }
  broken_ = false;
  return SetUpSession();
}

core::Result<void> PgConnection::Begin(bool read_only) {
  unit_error_.reset();
  if (!broken_ && statements_.size() >= kMaxPreparedStatements) {
    // Between units, so DEALLOCATE cannot meet an aborted transaction.
    if (Exec("DEALLOCATE ALL")) statements_.clear();
  }
  return ExecReconnecting(read_only ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
}

core::Result<void> PgConnection::Commit() {
  if (unit_error_) {
    Rollback();
    return *unit_error_;
  }
  core::Result<ResultHandle> committed = Exec("COMMIT");
  if (!committed) {
    if (!broken_) return committed.error();
    return core::Error::Unavailable(
        "postgres: connection lost during COMMIT; the transaction may or may not have "
        "committed: " + committed.error().message);
  }
  // COMMIT of a transaction the server already aborted "succeeds" with the tag ROLLBACK.
  if (std::strcmp(PQcmdStatus(committed->get()), "COMMIT") != 0) {
    return core::Error::Internal("postgres: transaction was rolled back by the server");
  }
  return core::Ok();
}

void PgConnection::Rollback() {
  if (broken_) return;  // the server rolls back a transaction whose connection is gone
  if (!Exec("ROLLBACK")) broken_ = true;  // state unknown: start afresh next time
}

core::Result<Rows> PgConnection::Query(std::string_view sql, const Params& params) {
  core::Result<ResultHandle> ran = Run(sql, params);
  if (!ran) return ran.error();
  const PGresult* result = ran->get();
  int width = PQnfields(result);
  int height = PQntuples(result);
  if (width == 0) return Rows();
  std::vector<std::string> columns;
  columns.reserve(size_t(width));
  for (int col = 0; col < width; ++col) columns.emplace_back(PQfname(result, col));
  std::vector<Cell> cells(size_t(width) * size_t(height));
  for (int row = 0; row < height; ++row) {
    for (int col = 0; col < width; ++col) {
      if (PQgetisnull(result, row, col)) continue;
      Cell& cell = cells[size_t(row) * size_t(width) + size_t(col)];
      cell.kind = Cell::Kind::kText;
      cell.text.assign(PQgetvalue(result, row, col), size_t(PQgetlength(result, row, col)));
    }
  }
  return Rows(std::move(columns), std::move(cells));
}

core::Result<int64_t> PgConnection::Execute(std::string_view sql, const Params& params) {
  core::Result<ResultHandle> ran = Run(sql, params);
  if (!ran) return ran.error();
  // Empty for statements that change no rows by nature (DDL).
  std::string_view tuples = PQcmdTuples(ran->get());
  int64_t changed = 0;
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), changed);
  return changed;
}

core::Result<void> PgConnection::ExecuteScript(std::string_view sql) {
  if (unit_error_) return Aborted();
  if (broken_) return Spoil(core::Error::Unavailable("postgres: connection lost"));
  // The simple protocol runs several statements in one round trip (and stops at the first
  // error); it needs a NUL-terminated copy.
  std::string script(sql);
  core::Result<ResultHandle> ran = Exec(script.c_str());
  if (!ran) return Spoil(ran.error());
  return core::Ok();
}

core::Result<ResultHandle> PgConnection::Exec(const char* sql) {
  ResultHandle result(PQexec(conn_.get(), sql));
  if (!Succeeded(result.get())) return ErrorOf(result.get());
  return result;
}

core::Result<void> PgConnection::ExecReconnecting(const char* sql) {
  if (broken_) {
    if (core::Result<void> back = Reconnect(); !back) return back;
  }
  core::Result<ResultHandle> done = Exec(sql);
  if (done) return core::Ok();
  if (!broken_) return done.error();
  // Typically the server restarted while this connection sat idle in the pool.
  if (core::Result<void> back = Reconnect(); !back) return back;
  done = Exec(sql);
  if (!done) return done.error();
  return core::Ok();
}

core::Result<ResultHandle> PgConnection::Run(std::string_view sql, const Params& params) {
  if (unit_error_) return Aborted();
  if (broken_) return Spoil(core::Error::Unavailable("postgres: connection lost"));
  core::Result<PgParams> converted = ConvertParams(params);
  if (!converted) return Spoil(converted.error());
  const PgParams& bound = *converted;
  int count = int(params.size());

  std::string key = bound.signature;
  key += '\n';
  key += sql;
  auto it = statements_.find(key);
  if (it == statements_.end()) {
    std::shared_ptr<const RewrittenSql> rewritten = placeholders_.Get(sql);
    if (rewritten->params != params.size()) {
      return Spoil(core::Error::Internal(
          "statement has " + std::to_string(rewritten->params) + " placeholders but " +
          std::to_string(params.size()) + " values were bound: " + std::string(sql)));
    }
    std::string name = "s" + std::to_string(++next_statement_id_);
    ResultHandle prepared(
        PQprepare(conn_.get(), name.c_str(), rewritten->text.c_str(), count, bound.types.data()));
    if (!Succeeded(prepared.get())) return Spoil(ErrorOf(prepared.get()));
    it = statements_.emplace(std::move(key), std::move(name)).first;
  }

  std::vector<const char*> values = bound.ValuePointers();
  ResultHandle result(PQexecPrepared(conn_.get(), it->second.c_str(), count, values.data(),
                                     nullptr, nullptr, /*resultFormat=text*/ 0));
  if (!Succeeded(result.get())) return Spoil(ErrorOf(result.get()));
  return result;
}

core::Error PgConnection::ErrorOf(const PGresult* result) {
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string_view state = sqlstate ? sqlstate : "";
  std::string message = primary ? primary : PQerrorMessage(conn_.get());
  bool lost = PQstatus(conn_.get()) == CONNECTION_BAD || IsConnectionLoss(state);
  if (lost) broken_ = true;
  return MapPgError(state, message, lost);
}

core::Error PgConnection::Aborted() const {
  // What the server itself would answer (SQLSTATE 25P02), without the round trip.
  return core::Error::Internal("transaction aborted by an earlier error: " + unit_error_->message);
}

core::Error PgConnection::Spoil(core::Error error) {
  if (!unit_error_) unit_error_ = error;
  return error;
}

}  // namespace sessiond::store::postgres
