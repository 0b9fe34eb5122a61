#pragma once
// The keeper's /metrics page in the Prometheus text format (docs/keep.md, "Metrics"). Pure.
#include <string>
#include <vector>

#include "netkeel/ha/keeper_status.hpp"

namespace netkeel::ha {

struct KeeperMetricsInput {
  std::string service;
  KeeperStatus status;
  bool service_healthy = false;
};

// NOW: the monotonic time the states' ages are measured at.
std::string keeper_metrics_text(const std::vector<KeeperMetricsInput>& vips, SteadyTime now);

}  // namespace netkeel::ha
