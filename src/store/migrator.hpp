#pragma once

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
