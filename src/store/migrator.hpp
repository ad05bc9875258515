#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"

namespace sessiond::store {

// One numbered migration, embedded in the binary from src/store/migrations/<backend>/.
struct Migration {
  int version;
  std::string name;  // file name without the number, e.g. "idempotency_keys"
  std::string sql;
};

// The PostgreSQL advisory lock key Migrate takes (transaction-scoped) around each migration,
// so that nodes starting together migrate one after another. Any other advisory lock must use
// another key: a session holding this one (a leader lock, say) would block every later
// Migrate until it let go. ("sessmigr" in ASCII.)
inline constexpr int64_t kMigrationLockKey = 0x736573736d696772;

// The migrations compiled into this binary for a backend, ordered by version.
const std::vector<Migration>& EmbeddedMigrations(Backend backend);

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<int> applied;
};

// Applies every embedded migration newer than the database's schema_migrations, each in its
// own transaction together with its schema_migrations row; running it again applies nothing.
// Errors: kConflict when the database has a version this binary does not know (it is newer
// than the binary: refuse to run rather than corrupt it); the database's error otherwise.
core::Result<MigrationReport> Migrate(Database& db);

// The highest applied version (0 for a new database), for /readyz.
core::Result<int> CurrentSchemaVersion(Database& db);

}  // namespace sessiond::store
