#include "store/detail/json_text.hpp"

namespace sessiond::store::detail {

core::Result<std::string> JsonText(const JsonValue& value) {
  if (value.text) return *value.text;
  try {
    return value.json.dump(-1, ' ', false, core::Json::error_handler_t::strict);
  } catch (const core::Json::exception& e) {
    return core::Error::Unprocessable(std::string("JSON value cannot be stored: ") + e.what());
  }
}

}  // namespace sessiond::store::detail
