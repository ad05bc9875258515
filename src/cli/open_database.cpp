#include "cli/open_database.hpp"

namespace sessiond::cli {

store::DatabaseOptions DatabaseOptionsFor(const core::StoreConfig& config) {
  store::DatabaseOptions options;
  options.url = config.DatabaseUrl();
  options.pool_size = config.pool_size;
  options.busy_timeout = config.busy_timeout;
  options.max_group_commit = config.max_group_commit;
  options.sqlite_synchronous = config.sqlite_synchronous;
  return options;
}

core::Result<std::unique_ptr<store::Database>> OpenDatabase(const core::StoreConfig& config) {
  return store::Database::Open(DatabaseOptionsFor(config));
}

}  // namespace sessiond::cli
