#pragma once
// GET /api/v1/matrix?network=NET&window=60s[&end=MS][&stale_after=30s] (docs/api.md): the probe matrix of the window that
// ends at `end` (default now), in the JSON form of matrix_json.hpp.
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

inline constexpr std::int64_t kDefaultMatrixWindowMs = 60 * 1000;
inline constexpr std::int64_t kMaxMatrixWindowMs = 24LL * 3600 * 1000;

ApiResponse handle_matrix(const QueryParameters& parameters, store::Store& store, const QueryContext& context);

}  // namespace netkeel::server
