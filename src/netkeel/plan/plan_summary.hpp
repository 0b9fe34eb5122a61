#pragma once
// The terminal summary `netkeel plan` prints (docs/planning.md, "netkeel plan"): per host its
// interfaces, bond mode and why, addresses, gateways, tables and MTUs; then the networks with their
// ARP policy and why, the VIP table, BGP announcements (layer 3) and the warnings. Pure text.
#include <string>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::plan {

// `only_host` empty = every host; otherwise that host's section and BGP entries only.
std::string format_plan_summary(const ClusterPlan& plan, const Diagnostics& warnings, const std::string& only_host = {});

}  // namespace netkeel::plan
