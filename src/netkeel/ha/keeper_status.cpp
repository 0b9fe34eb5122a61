#include "netkeel/ha/keeper_status.hpp"

#include <algorithm>

namespace netkeel::ha {

void RenewLatency::record(Nanoseconds latency) {
  const double seconds = std::chrono::duration<double>(latency).count();
  const auto bucket = std::lower_bound(kRenewLatencyBounds.begin(), kRenewLatencyBounds.end(), seconds);
  ++buckets[static_cast<std::size_t>(bucket - kRenewLatencyBounds.begin())];
  ++count;
  sum_seconds += seconds;
  last_seconds = seconds;
  max_seconds = std::max(max_seconds, seconds);
}

}  // namespace netkeel::ha
