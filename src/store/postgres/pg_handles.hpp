#pragma once

#include <libpq-fe.h>

#include <memory>

namespace sessiond::store::postgres {

// RAII owners of libpq's handles; nothing outside src/store/postgres/ sees them.
struct ConnFinisher {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using ConnHandle = std::unique_ptr<PGconn, ConnFinisher>;

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultHandle = std::unique_ptr<PGresult, ResultClearer>;

}  // namespace sessiond::store::postgres
