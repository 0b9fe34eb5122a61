#pragma once
// AgentSnapshot -> Prometheus text exposition format (version 0.0.4), the names in docs/metrics.md.
#include <string>
#include <vector>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/metric_family.hpp"

namespace netkeel::agent {

// The page of metric_families(snapshot).
std::string render_prometheus_text(const AgentSnapshot& snapshot);
std::string render_prometheus_text(const std::vector<MetricFamily>& families);

// A label value with \, " and newline escaped as the format requires.
std::string escape_label_value(const std::string& value);

}  // namespace netkeel::agent
