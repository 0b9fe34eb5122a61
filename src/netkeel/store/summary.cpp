#include "netkeel/store/summary.hpp"

#include <algorithm>
#include <cmath>

namespace netkeel::store {

void Summary::add(TimestampMs timestamp_ms, double value) {
  if (std::isnan(value)) return;
  ++count;
  sum += value;
  min = std::min(min, value);
  max = std::max(max, value);
  if (timestamp_ms >= last_ms) {
    last = value;
    last_ms = timestamp_ms;
  }
}

void Summary::merge(const Summary& other) {
  if (other.count == 0) return;
  count += other.count;
  sum += other.sum;
  min = std::min(min, other.min);
  max = std::max(max, other.max);
  if (other.last_ms >= last_ms) {
    last = other.last;
    last_ms = other.last_ms;
  }
}

double Summary::value(Aggregation aggregation) const {
  switch (aggregation) {
    case Aggregation::avg: return sum / static_cast<double>(count);
    case Aggregation::min: return min;
    case Aggregation::max: return max;
    case Aggregation::sum: return sum;
    case Aggregation::last: return last;
  }
  return last;
}

}  // namespace netkeel::store
