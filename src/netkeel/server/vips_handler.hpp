#pragma once
// GET /api/v1/vips?since=7d|start=..&end=.. (docs/api.md): every service VIP's holder, state and last
// release as the keepers' vip_takeover / vip_release events in the window tell it (vip_states.hpp).
#include <vector>

#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/server/vip_states.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

inline constexpr std::int64_t kDefaultVipsWindowMs = 7LL * 24 * 3600 * 1000;

// PLANNED: the VIPs of the site file the server was started with (--site); empty without one.
ApiResponse handle_vips(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                        const std::vector<PlannedVip>& planned);

}  // namespace netkeel::server
