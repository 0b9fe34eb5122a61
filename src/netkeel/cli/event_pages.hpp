#pragma once
// `netkeel events` reads GET /api/v1/events page after page (each answer's `next` is the following
// request's `after`) and prints the events in time order, as a table or as one JSON document.
#include <string>

#include <nlohmann/json.hpp>

#include "netkeel/cli/server_api.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {

// Every event matching `query` (the API's parameters without `after`), oldest first:
// {"events": [{"t_ms", "host", "kind", "text"}, ...]}. Throws RuntimeError when a page is not the API's
// shape or the server repeats a cursor (it would never end), and what get_api_json throws.
nlohmann::json fetch_all_events(http::HttpClient& client, const ApiTarget& target, const QueryString& query);

// One line per event: "2026-12-07T12:50:01.123Z  node1  link_down  eno1 carrier lost", columns aligned;
// "no events in this range" when there are none. `events` is fetch_all_events' answer.
std::string events_table(const nlohmann::json& events);

}  // namespace netkeel::cli
