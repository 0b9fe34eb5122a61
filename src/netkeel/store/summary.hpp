#pragma once
// count/sum/min/max/last of some samples: enough to answer every Aggregation, and mergeable, so that
// rollup buckets can be combined into wider steps.
#include <cstdint>
#include <limits>

#include "netkeel/store/store.hpp"

namespace netkeel::store {

struct Summary {
  std::uint64_t count = 0;
  double sum = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  double last = 0;
  TimestampMs last_ms = std::numeric_limits<TimestampMs>::min();

  void add(TimestampMs timestamp_ms, double value);  // NaN (a staleness marker) is skipped
  void merge(const Summary& other);
  double value(Aggregation aggregation) const;
};

struct TimedSummary {
  TimestampMs bucket_start_ms = 0;
  Summary summary;
};

}  // namespace netkeel::store
