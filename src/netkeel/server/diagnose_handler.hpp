#pragma once
// GET /api/v1/diagnose[?network=NET][&since=10m] (docs/api.md, docs/diagnose.md): the ranked culprits of the
// last `since` (default 10 minutes, 10 s to 24 h): every network's probe matrix (or NET's) against the
// site's probe paths, with the hosts' link events as local evidence. Needs the site (--site): without it
// the server knows no cabling and answers 404.
#include <cstdint>

#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

inline constexpr std::int64_t kDefaultDiagnoseWindowMs = 10 * 60 * 1000;
inline constexpr std::int64_t kMinDiagnoseWindowMs = 10 * 1000;
inline constexpr std::int64_t kMaxDiagnoseWindowMs = 24LL * 3600 * 1000;

// Every diagnose endpoint's answer when the server runs without --site: 404 saying so.
ApiResponse no_site_response();

// `paths` null: the server runs without --site.
ApiResponse handle_diagnose(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                            const analyze::SiteProbePaths* paths);

}  // namespace netkeel::server
