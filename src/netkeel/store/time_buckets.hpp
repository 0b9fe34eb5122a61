#pragma once
// Bucket boundaries for rollups: the start of the bucket of width STEP that holds T, rounding toward
// negative infinity for negative times too (C++ division rounds toward zero).
#include <cstdint>

#include "netkeel/store/batch.hpp"  // TimestampMs

namespace netkeel::store {

inline TimestampMs floor_to(TimestampMs t, std::int64_t step) {
  const TimestampMs q = t / step * step;
  return q > t ? q - step : q;
}

// The first bucket boundary at or after T.
inline TimestampMs ceil_to(TimestampMs t, std::int64_t step) {
  const TimestampMs f = floor_to(t, step);
  return f == t ? t : f + step;
}

}  // namespace netkeel::store
