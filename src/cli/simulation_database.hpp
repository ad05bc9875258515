#pragma once

#include <filesystem>
#include <memory>

#include "core/config.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace sessiond::cli {

// The private database `sessiond simulate` runs against, so that a simulation never writes to
// the real one: a SQLite file in a temporary directory of its own, either a copy of the
// configured SQLite database or a new, empty one; migrated either way. Owns the directory and
// removes it on destruction. Not thread-safe (the Database it hands out is).
class SimulationDatabase {
 public:
  // Copies the SQLite database that `config` names, or creates an empty one when `empty`.
  // The copy is taken while a read transaction on the original pins one snapshot, so it is
  // consistent even while a server writes (see the .cpp). Errors: kUnprocessable when the
  // configured database is PostgreSQL (not supported: use --empty); kNotFound when the SQLite
  // file does not exist; the store's and the file system's (kUnavailable) otherwise.
  static core::Result<std::unique_ptr<SimulationDatabase>> Create(const core::StoreConfig& config,
                                                                  bool empty);
  ~SimulationDatabase();
  SimulationDatabase(const SimulationDatabase&) = delete;
  SimulationDatabase& operator=(const SimulationDatabase&) = delete;

  store::Database& db() { return *db_; }

 private:
  explicit SimulationDatabase(std::filesystem::path dir) : dir_(std::move(dir)) {}

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace sessiond::cli
