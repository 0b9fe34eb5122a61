#pragma once
// The shipper's figures, as /metrics shows them and batches carry them (docs/metrics.md, "Shipping").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "netkeel/agent/metric_family.hpp"

namespace netkeel::agent {

struct ShippingCounters {
  std::uint64_t spool_batches = 0;               // netkeel_agent_spool_batches
  std::uint64_t spool_bytes = 0;                 // netkeel_agent_spool_bytes
  std::uint64_t spool_dropped_batches = 0;       // netkeel_agent_spool_dropped_batches_total
  std::uint64_t spool_corrupt_batches = 0;       // netkeel_agent_spool_corrupt_batches_total
  std::uint64_t corrupt_files = 0;               // netkeel_agent_spool_corrupt_files
  std::uint64_t corrupt_bytes = 0;               // netkeel_agent_spool_corrupt_bytes
  std::uint64_t corrupt_trimmed_files = 0;       // netkeel_agent_spool_corrupt_trimmed_files_total
  std::uint64_t queue_dropped_batches = 0;       // netkeel_agent_ship_queue_dropped_batches_total
  std::uint64_t shipped_batches = 0;             // netkeel_agent_shipped_batches_total
  std::map<std::string, std::uint64_t> failures; // netkeel_agent_ship_failures_total{reason}
};

// The counters as metric families (appended to the agent's own by metric_families()).
std::vector<MetricFamily> shipping_families(const ShippingCounters& counters);

}  // namespace netkeel::agent
