#include "store/postgres/pg_session_lock.hpp"

#include <string>

namespace sessiond::store::postgres {

bool PgSessionLock::AskBoolean(const std::string& sql) {
  ResultHandle result(PQexec(conn_.get(), sql.c_str()));
  bool ok = result && PQresultStatus(result.get()) == PGRES_TUPLES_OK &&
            PQntuples(result.get()) == 1;
  if (!ok) {
    // A dead connection: the server has (or will) let the lock go with the session.
    conn_.reset();
    held_ = false;
    return false;
  }
  std::string value = PQgetvalue(result.get(), 0, 0);
  return value == "t" || value == "1";
}

bool PgSessionLock::TryHold() {
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
    held_ = false;
    conn_.reset(PQconnectdb(url_.c_str()));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
      conn_.reset();
      return false;
    }
  }
  if (held_) {
    // Still ours as long as the session lives: a round trip proves it does.
    held_ = AskBoolean("SELECT 1");
    return held_;
  }
  held_ = AskBoolean("SELECT pg_try_advisory_lock(" + std::to_string(key_) + ")");
  return held_;
}

void PgSessionLock::Release() {
  if (conn_ && held_) AskBoolean("SELECT pg_advisory_unlock(" + std::to_string(key_) + ")");
  held_ = false;
  conn_.reset();
}

}  // namespace sessiond::store::postgres
