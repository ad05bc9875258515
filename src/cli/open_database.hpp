#pragma once

#include <memory>

#include "core/config.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace sessiond::cli {

// The options for opening the database that `config` names.
store::DatabaseOptions DatabaseOptionsFor(const core::StoreConfig& config);

// Opens the database that `config` names, with the pool settings from the same section.
core::Result<std::unique_ptr<store::Database>> OpenDatabase(const core::StoreConfig& config);

}  // namespace sessiond::cli
