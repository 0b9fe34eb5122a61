#pragma once
// GET /api/v1/diagnose/pair?a=HOST&b=HOST[&since=10m] (docs/api.md, docs/diagnose.md): every network the two
// hosts share, each way between them hop by hop from the cabling with the hops the window's ranking
// suspects, and loss and RTT per probe kind in both directions, over the last `since` against the hour
// before it. 400 names a bad parameter; 404 an unknown host (with the closest name) or a server without --site.
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

ApiResponse handle_diagnose_pair(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                                 const analyze::SiteProbePaths* paths);

}  // namespace netkeel::server
