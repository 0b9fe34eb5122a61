#pragma once
// The shipper's figures, as /metrics shows them (docs/metrics.md, "Shipping").
#include <cstdint>
#include <map>
#include <string>

namespace netkeel::agent {

struct ShippingCounters {
  std::uint64_t spool_batches = 0;               // netkeel_agent_spool_batches
  std::uint64_t spool_bytes = 0;                 // netkeel_agent_spool_bytes
  std::uint64_t spool_dropped_batches = 0;       // netkeel_agent_spool_dropped_batches_total
  std::uint64_t spool_corrupt_batches = 0;       // netkeel_agent_spool_corrupt_batches_total
  std::uint64_t queue_dropped_batches = 0;       // netkeel_agent_ship_queue_dropped_batches_total
  std::uint64_t shipped_batches = 0;             // netkeel_agent_shipped_batches_total
  std::map<std::string, std::uint64_t> failures; // netkeel_agent_ship_failures_total{reason}
};

// Prometheus text for the counters (appended to the agent's /metrics page).
std::string render_shipping_metrics(const ShippingCounters& counters);

}  // namespace netkeel::agent
