#include "netkeel/server/events_handler.hpp"

#include <nlohmann/json.hpp>

#include "netkeel/server/query_guard.hpp"

namespace netkeel::server {

ApiResponse handle_events(const QueryParameters& parameters, store::Store& store, store::TimestampMs now_ms) {
  return guarded_query([&] {
    reject_unknown_parameters(parameters, {"start", "end", "since", "host", "kind"});
    const TimeRange range = time_range_parameters(parameters, now_ms, 3600 * 1000);
    const auto host = single_parameter(parameters, "host");
    const auto kind = single_parameter(parameters, "kind");
    nlohmann::json events = nlohmann::json::array();
    for (const store::Event& event : store.events(range.start_ms, range.end_ms)) {
      if ((host && event.host != *host) || (kind && event.kind != *kind)) continue;
      events.push_back({{"t_ms", event.timestamp_ms}, {"host", event.host}, {"kind", event.kind}, {"text", event.text}});
    }
    return json_response(200, nlohmann::json{{"events", std::move(events)}});
  });
}

}  // namespace netkeel::server
