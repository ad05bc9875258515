#pragma once

#include <string>

#include "core/json.hpp"
#include "core/result.hpp"
#include "store/value.hpp"

namespace sessiond::store::detail {

// The text both backends store for a JSON value (SQLite: the column's text; PostgreSQL: the
// jsonb input). kUnprocessable when a string inside is not valid UTF-8: JSON cannot carry it,
// and silently replacing bytes would store something the caller never wrote. Text given
// already (AsJsonText) is returned as it is.
core::Result<std::string> JsonText(const JsonValue& value);

}  // namespace sessiond::store::detail
