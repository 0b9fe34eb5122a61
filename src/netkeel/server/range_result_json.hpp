#pragma once
// A range query's answer as the API gives it:
//   {"metric": "m", "start_ms": S, "end_ms": E, "step_ms": 10000, "aggregation": "avg",
//    "series": [{"labels": {"src": "a"}, "points": [[t_ms, value], ...]}, ...]}
// Values follow sample_value_json (null = NaN, "+Inf"/"-Inf").
#include <nlohmann/json.hpp>

#include "netkeel/store/store.hpp"

namespace netkeel::server {

struct RangeResult {
  store::RangeQuery query;  // its selector's matchers are not part of the JSON
  std::vector<store::SeriesPoints> series;
};

nlohmann::json range_result_json(const RangeResult& result);

// The inverse, for clients (query.selector gets the metric only); throws std::invalid_argument naming
// the JSON place.
RangeResult range_result_from_json(const nlohmann::json& json);

}  // namespace netkeel::server
