#pragma once
// The one walk over an AgentSnapshot: every metric family the agent reports, in page order, with the
// names and labels of docs/metrics.md. render_prometheus_text() prints them; build_batch() ships them.
#include <vector>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/metric_family.hpp"

namespace netkeel::agent {

std::vector<MetricFamily> metric_families(const AgentSnapshot& snapshot);

// The labels of every probe series: src, dst, network, kind, address, port.
std::vector<store::Label> probe_labels(const probe::ProbeTarget& target);

double to_seconds(Nanoseconds d);

}  // namespace netkeel::agent
