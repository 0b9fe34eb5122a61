#pragma once
// One sample of one series: a time and a value.
#include <cstdint>

namespace netkeel::store {

struct Point {
  std::int64_t timestamp_ms = 0;
  double value = 0;
};

}  // namespace netkeel::store
