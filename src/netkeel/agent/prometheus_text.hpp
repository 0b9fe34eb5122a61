#pragma once
// AgentSnapshot -> Prometheus text exposition format (version 0.0.4), the names in docs/metrics.md.
#include <string>

#include "netkeel/agent/agent_snapshot.hpp"

namespace netkeel::agent {

std::string render_prometheus_text(const AgentSnapshot& snapshot);

// A label value with \, " and newline escaped as the format requires.
std::string escape_label_value(const std::string& value);

}  // namespace netkeel::agent
