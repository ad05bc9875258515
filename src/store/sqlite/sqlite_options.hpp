#pragma once

#include <string>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace sessiond::store::sqlite {

// The writer connection's settings from `options`: the file path out of "sqlite:PATH", the
// synchronous level and the busy timeout, checked. Errors: kUnprocessable naming what is wrong.
core::Result<SqliteConnection::Settings> WriterSettings(const DatabaseOptions& options);

// Creates the directory that will hold the file at `path`, if it has one and it is missing.
// Errors: kUnavailable.
core::Result<void> CreateDirectoryOf(const std::string& path);

}  // namespace sessiond::store::sqlite
