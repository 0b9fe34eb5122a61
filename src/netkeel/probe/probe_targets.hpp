#pragma once
// Plan -> what one host probes (pure). For host H, on every network H is on:
//   every other host on that network: icmp + udp (to its responder) + pmtu (DF echo at the network's MTU)
//   every service VIP on that network: icmp + tcp to each service port
//   the network's gateway (H's subnet gateway on layer 3): icmp
// Ordered by network (the host's plan order), then hosts (plan order), VIPs, gateway; kinds icmp, udp, tcp.
#include <cstdint>
#include <string>
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/probe/probe_target.hpp"

namespace netkeel::probe {

inline constexpr uint16_t kDefaultResponderPort = 9946;

struct ProbeTargetOptions {
  uint16_t responder_port = kDefaultResponderPort;  // the UDP echo responder every agent runs
  bool icmp = true;
  bool udp = true;
  bool tcp = true;
  bool pmtu = true;
  uint32_t pmtu_every = 1;  // path-MTU probes go once every this many intervals (ProbeTarget::every)
};

// Throws UsageError when `host` is not in the plan.
std::vector<ProbeTarget> probe_targets(const plan::ClusterPlan& plan, const std::string& host,
                                       const ProbeTargetOptions& options = {});

}  // namespace netkeel::probe
