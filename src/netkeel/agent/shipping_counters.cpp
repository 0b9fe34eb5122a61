#include "netkeel/agent/shipping_counters.hpp"

#include <fmt/format.h>

namespace netkeel::agent {
namespace {

void metric(std::string& out, const char* name, const char* type, const char* help, std::uint64_t value) {
  out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
}

}  // namespace

std::string render_shipping_metrics(const ShippingCounters& c) {
  std::string out;
  metric(out, "netkeel_agent_spool_batches", "gauge", "Batches in the spool, not yet acknowledged by the server.",
         c.spool_batches);
  metric(out, "netkeel_agent_spool_bytes", "gauge", "Bytes of the spooled batches (gzip).", c.spool_bytes);
  metric(out, "netkeel_agent_spool_dropped_batches_total", "counter",
         "Oldest batches dropped because the spool was full (--spool-max-bytes).", c.spool_dropped_batches);
  metric(out, "netkeel_agent_spool_corrupt_batches_total", "counter",
         "Spool files that could not be read or decoded, moved to the spool's corrupt/ directory.",
         c.spool_corrupt_batches);
  metric(out, "netkeel_agent_ship_queue_dropped_batches_total", "counter",
         "Batches dropped before the spool because the shipper thread had fallen behind.", c.queue_dropped_batches);
  metric(out, "netkeel_agent_shipped_batches_total", "counter", "Batches the server acknowledged (stored or duplicate).",
         c.shipped_batches);
  out += "# HELP netkeel_agent_ship_failures_total Failed attempts to ship a batch, by reason.\n"
         "# TYPE netkeel_agent_ship_failures_total counter\n";
  for (const auto& [reason, count] : c.failures) {
    out += fmt::format("netkeel_agent_ship_failures_total{{reason=\"{}\"}} {}\n", reason, count);
  }
  return out;
}

}  // namespace netkeel::agent
