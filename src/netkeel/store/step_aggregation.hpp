#pragma once
// Step buckets of a range query: [start + k*step, start + (k+1)*step) for every bucket that starts at
// or before `end`, one point per non-empty bucket stamped with the bucket start. Pure.
#include <span>
#include <vector>

#include "netkeel/store/store.hpp"
#include "netkeel/store/summary.hpp"

namespace netkeel::store {

// Raw points (increasing timestamps) -> one aggregated point per non-empty step. Points outside
// [start, end] are ignored; NaN samples are skipped.
std::vector<Point> aggregate_steps(std::span<const Point> points, const RangeQuery& query);

// Rollup buckets (increasing bucket starts) -> the same, each bucket counted in the step holding its start.
std::vector<Point> aggregate_steps(std::span<const TimedSummary> buckets, const RangeQuery& query);

}  // namespace netkeel::store
