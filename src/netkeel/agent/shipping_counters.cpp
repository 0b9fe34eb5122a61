#include "netkeel/agent/shipping_counters.hpp"

namespace netkeel::agent {

std::vector<MetricFamily> shipping_families(const ShippingCounters& c) {
  std::vector<MetricFamily> out;
  auto single = [&out](const char* name, const char* type, const char* help, std::uint64_t value) {
    out.push_back(MetricFamily{name, type, help, {}});
    out.back().add({}, double(value));
  };
  single("netkeel_agent_spool_batches", "gauge", "Batches in the spool, not yet acknowledged by the server.", c.spool_batches);
  single("netkeel_agent_spool_bytes", "gauge", "Bytes of the spooled batches (gzip).", c.spool_bytes);
  single("netkeel_agent_spool_dropped_batches_total", "counter",
         "Oldest batches dropped because the spool was full (--spool-max-bytes).", c.spool_dropped_batches);
  single("netkeel_agent_spool_corrupt_batches_total", "counter",
         "Spool files that could not be read or decoded, moved to the spool's corrupt/ directory.", c.spool_corrupt_batches);
  single("netkeel_agent_spool_corrupt_files", "gauge", "Files kept in the spool's corrupt/ directory for inspection.",
         c.corrupt_files);
  single("netkeel_agent_spool_corrupt_bytes", "gauge", "Bytes of the files kept in the spool's corrupt/ directory.",
         c.corrupt_bytes);
  single("netkeel_agent_spool_corrupt_trimmed_files_total", "counter",
         "Oldest files deleted from corrupt/ to keep it within --spool-corrupt-max-files and --spool-corrupt-max-bytes.",
         c.corrupt_trimmed_files);
  single("netkeel_agent_ship_queue_dropped_batches_total", "counter",
         "Batches dropped before the spool because the shipper thread had fallen behind.", c.queue_dropped_batches);
  single("netkeel_agent_shipped_batches_total", "counter", "Batches the server acknowledged (stored or duplicate).",
         c.shipped_batches);
  out.push_back(MetricFamily{"netkeel_agent_ship_failures_total", "counter", "Failed attempts to ship a batch, by reason.", {}});
  for (const auto& [reason, count] : c.failures) out.back().add({{"reason", reason}}, double(count));
  return out;
}

}  // namespace netkeel::agent
