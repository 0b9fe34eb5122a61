#pragma once
// GET /api/v1/events?since=1h|start=..&end=..[&host=H][&kind=K] (docs/api.md), oldest first:
//   {"events": [{"t_ms": T, "host": "node1", "kind": "link_down", "text": "..."}, ...]}
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

ApiResponse handle_events(const QueryParameters& parameters, store::Store& store, store::TimestampMs now_ms);

}  // namespace netkeel::server
