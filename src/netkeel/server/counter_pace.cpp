#include "netkeel/server/counter_pace.hpp"

#include <algorithm>

#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::server {
namespace {

// The increase of the matching series in [start, end] and its pace (NaN: fewer than two samples).
double pace(store::Store& store, const store::SeriesSelector& selector, store::TimestampMs start_ms,
            store::TimestampMs end_ms, const store::QueryDeadline& deadline, double& increase) {
  store::RangeQuery query;
  query.selector = selector;
  query.start_ms = start_ms;
  query.end_ms = end_ms;
  query.deadline = deadline;
  double span_s = 0;
  increase = 0;
  for (const store::SeriesPoints& s : store.query_range(query)) {
    if (s.points.size() < 2) continue;
    increase += store::counter_increase(s.points);
    span_s = std::max(span_s, static_cast<double>(s.points.back().timestamp_ms - s.points.front().timestamp_ms) / 1000.0);
  }
  return span_s > 0 ? increase / span_s : analyze::kNoValue;
}

}  // namespace

analyze::CounterPace counter_pace(store::Store& store, const std::string& name, const store::SeriesSelector& selector,
                                  store::TimestampMs start_ms, store::TimestampMs end_ms,
                                  const store::QueryDeadline& deadline) {
  analyze::CounterPace out{name};
  double baseline_increase = 0;
  out.per_s = pace(store, selector, start_ms, end_ms, deadline, out.increase);
  out.baseline_per_s = pace(store, selector, start_ms - kDiagnoseBaselineMs, start_ms - 1, deadline, baseline_increase);
  return out;
}

}  // namespace netkeel::server
