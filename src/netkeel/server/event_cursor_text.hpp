#pragma once
// The events endpoint's page cursor as clients see it: the `next` of one page, passed back as `after=`
// for the next one. Text "T:N": resume at time T (ms), after the first N events at T.
#include <string>
#include <string_view>

#include "netkeel/store/store.hpp"

namespace netkeel::server {

std::string format_event_cursor(const store::EventCursor& cursor);

// Throws BadRequest naming the parameter and the fix when the text is not a cursor.
store::EventCursor parse_event_cursor(std::string_view text);

}  // namespace netkeel::server
