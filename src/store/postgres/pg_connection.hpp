#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "store/connection.hpp"
#include "store/postgres/pg_handles.hpp"
#include "store/postgres/placeholders.hpp"

namespace sessiond::store::postgres {

// One libpq connection with its prepared statements. Owned by one pool worker thread and
// used only there. Not thread-safe.
//
// Broken connections: when libpq reports the connection bad, or the server answers with a
// connection-loss SQLSTATE (class 08, 57P01..57P03), the connection is marked broken. The
// next Begin() or Ping() resets it (PQreset, session set-up again, prepared statements
// forgotten since the server dropped them). A connection found dead by BEGIN itself is reset
// and BEGIN retried once: nothing of the unit of work has run, so nothing can be repeated.
// A failure after BEGIN is never retried here: the unit of work may have had effects, and a
// lost COMMIT may even have committed; the caller gets kUnavailable and decides.
class PgConnection final : public Connection {
 public:
  // Connects with the URL as given to PQconnectdb and sets the session up (UTF8, UTC,
  // ISO dates). Errors: kUnavailable when the server cannot be reached or refuses.
  // Requires: `placeholders` outlives the connection.
  static core::Result<std::unique_ptr<PgConnection>> Connect(const std::string& url,
                                                             PlaceholderCache& placeholders);

  Backend backend() const override { return Backend::kPostgres; }
  core::Result<Rows> Query(std::string_view sql, const Params& params = {}) override;
  core::Result<int64_t> Execute(std::string_view sql, const Params& params = {}) override;
  core::Result<void> ExecuteScript(std::string_view sql) override;

  // Starts a unit of work: reconnects if broken, then BEGIN (reads: a REPEATABLE READ READ
  // ONLY transaction, so that every statement sees one snapshot). Errors: kUnavailable when
  // the server cannot be reached.
  core::Result<void> Begin(bool read_only);
  // Ends the unit with COMMIT. Errors: the unit's first error if it had one (the server
  // rolled back); a deferred constraint's error; kUnavailable when the connection died
  // during COMMIT (the outcome is then unknown).
  core::Result<void> Commit();
  // Ends the unit with ROLLBACK; a connection that cannot even roll back is marked broken.
  void Rollback();

  bool broken() const { return broken_; }
  const std::optional<core::Error>& unit_error() const { return unit_error_; }

 private:
  PgConnection(ConnHandle conn, PlaceholderCache& placeholders)
      : conn_(std::move(conn)), placeholders_(placeholders) {}

  core::Result<void> SetUpSession();
  core::Result<void> Reconnect();
  // Runs parameterless SQL with the simple protocol; untracked (transaction control).
  core::Result<ResultHandle> Exec(const char* sql);
  // Exec, after reconnecting if broken, retried once on a fresh connection if this one
  // turns out dead. Only for SQL that has no effect by itself (BEGIN, SELECT 1).
  core::Result<void> ExecReconnecting(const char* sql);
  // Runs `sql` as a prepared statement, preparing it on first use.
  core::Result<ResultHandle> Run(std::string_view sql, const Params& params);
  // The error in `result` (or on the connection when result is null), mapped; marks the
  // connection broken when it is gone.
  core::Error ErrorOf(const PGresult* result);
  core::Error Aborted() const;
  core::Error Spoil(core::Error error);

  ConnHandle conn_;
  PlaceholderCache& placeholders_;
  // Statement names by cache key: the parameter type signature, '\n', the SQL text.
  std::unordered_map<std::string, std::string> statements_;
  uint64_t next_statement_id_ = 0;
  bool broken_ = false;
  std::optional<core::Error> unit_error_;
};

}  // namespace sessiond::store::postgres
