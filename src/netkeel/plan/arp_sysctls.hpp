#pragma once
// Interface-centric Linux (docs/planning.md, "Sysctls"): on every planned interface that carries
// addresses, in link order,
//   net.ipv4.conf.<if>.arp_filter=1, arp_ignore=1, arp_announce=2, arp_notify=1, rp_filter=2
// and, when a long-timeout network lives on it,
//   net.ipv4.neigh.<if>.base_reachable_time_ms=600000, net.ipv4.neigh.<if>.gc_stale_time=3600
// A '.' in an interface name is written '/' as sysctl(8) expects (bond0.10 -> bond0/10).
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::plan {

inline constexpr int kLongBaseReachableTimeMs = 600000;
inline constexpr int kLongGcStaleTimeSeconds = 3600;

std::vector<SysctlPlan> plan_arp_sysctls(const std::vector<LinkPlan>& links,
                                         const std::vector<HostNetworkPlan>& networks);

}  // namespace netkeel::plan
