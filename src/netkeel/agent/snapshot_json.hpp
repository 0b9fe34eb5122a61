#pragma once
// AgentSnapshot -> the JSON `netkeel agent --once --format json` prints (fields in docs/agent.md).
#include <nlohmann/json.hpp>

#include "netkeel/agent/agent_snapshot.hpp"

namespace netkeel::agent {

nlohmann::json snapshot_json(const AgentSnapshot& snapshot);

}  // namespace netkeel::agent
