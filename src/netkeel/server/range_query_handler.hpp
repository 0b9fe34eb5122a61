#pragma once
// GET /api/v1/query_range?metric=M&match=L=V...&since=5m|start=..&end=..&step=10s&agg=avg (docs/api.md).
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

inline constexpr std::int64_t kMaxRangeSteps = 11000;     // buckets per series in one answer
inline constexpr std::uint64_t kMaxRangePoints = 1000000;  // points in one answer, estimated before reading

ApiResponse handle_range_query(const QueryParameters& parameters, store::Store& store, const QueryContext& context);

}  // namespace netkeel::server
