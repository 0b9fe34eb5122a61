#include "netkeel/store/event_paging.hpp"

#include <algorithm>

namespace netkeel::store {
namespace {

std::uint64_t page_limit(const EventQuery& query) { return std::max<std::uint64_t>(query.limit, 1); }

}  // namespace

EventRows event_rows(const EventQuery& query) {
  EventRows rows{query.start_ms, 0, page_limit(query) + 1};
  // A cursor before the range (another range's) only narrows nothing; one inside it resumes there.
  if (query.after && query.after->timestamp_ms >= query.start_ms) {
    rows.from_ms = query.after->timestamp_ms;
    rows.skip = query.after->skip;
  }
  return rows;
}

EventPage event_page(std::vector<Event> rows, const EventQuery& query) {
  EventPage page;
  const std::uint64_t limit = page_limit(query);
  if (rows.size() > limit) {
    rows.resize(limit);
    const TimestampMs last = rows.back().timestamp_ms;
    const auto at_last = static_cast<std::uint64_t>(
        std::count_if(rows.begin(), rows.end(), [&](const Event& e) { return e.timestamp_ms == last; }));
    const EventRows read = event_rows(query);
    // Events at the last time that this page skipped (earlier pages returned them) count too.
    page.next = EventCursor{last, at_last + (last == read.from_ms ? read.skip : 0)};
  }
  page.events = std::move(rows);
  return page;
}

EventPage read_event_page(const EventQuery& query, const std::function<std::vector<Event>(const EventRows&)>& read) {
  const EventRows rows = event_rows(query);
  query.deadline.check("events query");
  return event_page(rows.from_ms <= query.end_ms ? read(rows) : std::vector<Event>{}, query);
}

}  // namespace netkeel::store
