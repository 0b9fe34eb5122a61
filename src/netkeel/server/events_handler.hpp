#pragma once
// GET /api/v1/events?since=1h|start=..&end=..[&host=H][&kind=K][&limit=N][&after=CURSOR] (docs/api.md),
// oldest first, one page of at most `limit` events:
//   {"events": [{"t_ms": T, "host": "node1", "kind": "link_down", "text": "..."}, ...], "next": "T:N"}
// "next" is there when more events match: pass it as after= (with the same other parameters) for the
// next page. Reading page after page returns every matching event once.
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

inline constexpr std::uint64_t kDefaultEventsLimit = 1000;  // events per page when limit= is not given
inline constexpr std::uint64_t kMaxEventsLimit = 10000;     // the largest limit= (a page of ~1 MiB of JSON)

ApiResponse handle_events(const QueryParameters& parameters, store::Store& store, const QueryContext& context);

}  // namespace netkeel::server
