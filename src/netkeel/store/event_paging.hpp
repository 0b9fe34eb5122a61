#pragma once
// Paging of events, shared by the back ends (pure): which rows a page reads (from the cursor's time,
// skipping the events at that time the previous pages returned, one row more than the page holds) and
// the page those rows make, with the cursor of the next page.
#include <cstdint>
#include <functional>
#include <vector>

#include "netkeel/store/store.hpp"

namespace netkeel::store {

struct EventRows {
  TimestampMs from_ms = 0;  // read events with from_ms <= t <= query.end_ms, by time,
  std::uint64_t skip = 0;   // skip this many of them first (OFFSET),
  std::uint64_t count = 0;  // then read at most this many (LIMIT): the page's limit + 1
};

EventRows event_rows(const EventQuery& query);

// The rows read as event_rows said -> the page (at most query.limit events) and its `next`.
EventPage event_page(std::vector<Event> rows, const EventQuery& query);

// A back end's events(): checks the deadline, has `read` fetch the rows event_rows names (unless the range
// is empty: then none), and makes the page of them.
EventPage read_event_page(const EventQuery& query, const std::function<std::vector<Event>(const EventRows&)>& read);

}  // namespace netkeel::store
