#include "realtime/event.hpp"

namespace sessiond::realtime {

core::Json EventToJson(const Event& event) {
  return {{"id", event.id},
          {"channel", event.channel},
          {"type", event.type},
          {"payload", event.payload},
          {"created_at", event.created_at.ToRfc3339()}};
}

std::string FormatSse(const Event& event) {
  core::Json data = {{"channel", event.channel},
                     {"type", event.type},
                     {"payload", event.payload},
                     {"created_at", event.created_at.ToRfc3339()}};
  // dump() escapes newlines inside strings, so the data is one line as SSE requires.
  std::string frame = "id: " + std::to_string(event.id) + "\nevent: " + event.type +
                      "\ndata: " + data.dump() + "\n\n";
  return frame;
}

}  // namespace sessiond::realtime
