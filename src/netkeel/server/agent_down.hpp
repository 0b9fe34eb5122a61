#pragma once
// Tells a crashed or stopped agent from network loss. A host's UDP probes are answered by its agent's
// responder, its ICMP probes by its kernel: when the agent dies, UDP probes to the host are lost while
// ICMP ones still answer, and counting them would show its peers 20-50% "loss" that no network has.
// Pure.
#include <string>

#include "netkeel/server/matrix_json.hpp"

namespace netkeel::server {

// The probe kind the agent's responder answers.
inline constexpr const char* kResponderKind = "udp";

// A host's agent is down when, over the matrix window, all of these hold:
//  - the host is stale (its agent reported once, then nothing for longer than stale_after);
//  - probes of kind udp to it were lost (summed over every source);
//  - probes of kind icmp to it were sent, and their loss is under half the udp loss (a dead host loses
//    both alike; a dead agent loses only udp).
// Marks such hosts agent_down in report.hosts and, when `counted_kind` is empty (every kind counts),
// takes their udp probes out of each pair towards them (sent, lost, loss). The pairs' `kinds` keep the
// udp numbers, so the loss stays visible as what it is.
void mark_agents_down(MatrixReport& report, const std::string& counted_kind);

}  // namespace netkeel::server
