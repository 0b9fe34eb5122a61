#pragma once
// GET /api/v1/hosts (docs/api.md): every host that ever sent a batch, with its last-seen time.
//   {"now_ms": N, "hosts": [{"host": "node1", "last_seen_ms": T, "age_s": 3.2}, ...]}
#include <string>

#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

// Whether a batch sender is a host's agent: the server's own alert events and the keepers' event posts
// are stored under sender names of their own, which are no hosts.
bool is_agent_host(const std::string& sender);

ApiResponse handle_hosts(const QueryParameters& parameters, store::Store& store, const QueryContext& context);

}  // namespace netkeel::server
