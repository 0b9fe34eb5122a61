#pragma once
// The one walk over an AgentSnapshot: every metric family the agent reports, in page order, with the
// names and labels of docs/metrics.md. render_prometheus_text() prints them; build_batch() ships them.
#include <vector>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/metric_family.hpp"

namespace netkeel::agent {

// Hands every family and sample of the snapshot to `sink`, in page order, without building them in
// memory first (the page of 2,400 probe targets would otherwise hold ~25,000 samples of label strings).
void walk_metric_families(const AgentSnapshot& snapshot, MetricSink& sink);
// The same for families already in memory.
void walk_metric_families(const std::vector<MetricFamily>& families, MetricSink& sink);

// The walk's families, materialised (tests compare them with the batch sample by sample).
std::vector<MetricFamily> metric_families(const AgentSnapshot& snapshot);

// The labels of every probe series: src, dst, network, kind, address, port.
std::vector<store::Label> probe_labels(const probe::ProbeTarget& target);

double to_seconds(Nanoseconds d);

}  // namespace netkeel::agent
