#include "netkeel/server/events_handler.hpp"

#include <nlohmann/json.hpp>

#include "netkeel/server/event_cursor_text.hpp"
#include "netkeel/server/query_guard.hpp"

namespace netkeel::server {

ApiResponse handle_events(const QueryParameters& parameters, store::Store& store, const QueryContext& context) {
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {"start", "end", "since", "host", "kind", "limit", "after"});
    const TimeRange range = time_range_parameters(parameters, context.now_ms, 3600 * 1000);
    store::EventQuery query;
    query.start_ms = range.start_ms;
    query.end_ms = range.end_ms;
    query.host = single_parameter(parameters, "host");
    query.kind = single_parameter(parameters, "kind");
    query.limit = count_parameter(parameters, "limit", kDefaultEventsLimit, 1, kMaxEventsLimit);
    if (const auto after = single_parameter(parameters, "after")) query.after = parse_event_cursor(*after);
    query.deadline = context.deadline;
    const store::EventPage page = store.events(query);
    nlohmann::json events = nlohmann::json::array();
    for (const store::Event& event : page.events) {
      events.push_back({{"t_ms", event.timestamp_ms}, {"host", event.host}, {"kind", event.kind}, {"text", event.text}});
    }
    nlohmann::json body{{"events", std::move(events)}};
    if (page.next) body["next"] = format_event_cursor(*page.next);
    return json_response(200, body);
  });
}

}  // namespace netkeel::server
