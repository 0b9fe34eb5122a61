#include "netkeel/server/event_cursor_text.hpp"

#include <charconv>

#include "netkeel/server/bad_request.hpp"

namespace netkeel::server {

std::string format_event_cursor(const store::EventCursor& cursor) {
  return std::to_string(cursor.timestamp_ms) + ":" + std::to_string(cursor.skip);
}

store::EventCursor parse_event_cursor(std::string_view text) {
  store::EventCursor cursor;
  const char* const begin = text.data();
  const char* const end = text.data() + text.size();
  const auto time = std::from_chars(begin, end, cursor.timestamp_ms);
  if (time.ec == std::errc() && time.ptr != end && *time.ptr == ':') {
    const auto skip = std::from_chars(time.ptr + 1, end, cursor.skip);
    if (skip.ec == std::errc() && skip.ptr == end && skip.ptr != time.ptr + 1) return cursor;
  }
  throw BadRequest("parameter after=" + std::string(text) +
                   ": not a page cursor: pass the previous page's \"next\" as it is (e.g. after=1764150005000:3)");
}

}  // namespace netkeel::server
