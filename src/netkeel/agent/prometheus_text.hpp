#pragma once
// AgentSnapshot -> Prometheus text exposition format (version 0.0.4), the names in docs/metrics.md.
#include <string>
#include <vector>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/metric_family.hpp"

namespace netkeel::agent {

// The page of walk_metric_families(snapshot).
std::string render_prometheus_text(const AgentSnapshot& snapshot);
// The same page into `out`, which is cleared first and keeps its capacity: written straight from the
// walk, one sample at a time, with no copy of the families in between.
void render_prometheus_text(const AgentSnapshot& snapshot, std::string& out);
std::string render_prometheus_text(const std::vector<MetricFamily>& families);

// A label value with \, " and newline escaped as the format requires.
std::string escape_label_value(std::string_view value);

}  // namespace netkeel::agent
