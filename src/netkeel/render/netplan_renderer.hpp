#pragma once
// ClusterPlan -> netplan (netplan.io 0.106, version 2, renderer networkd) for one host:
//   etc/netplan/60-netkeel.yaml                                    links, addresses, routes, rules
//   etc/systemd/network/10-netplan-<if>.network.d/netkeel-neighbours.conf   static neighbours
//   etc/sysctl.d/60-netkeel.conf                                   ARP and neighbour sysctls
// The last two are companions: netplan cannot express static neighbours or sysctls, so they are
// rendered beside it (the drop-in extends the .network file netplan generates) instead of being lost.
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/render/rendered_files.hpp"

namespace netkeel::render {

inline constexpr const char* kNetplanPath = "etc/netplan/60-netkeel.yaml";

// Throws RenderError for plans netplan output cannot express (Open vSwitch hosts).
RenderedFiles render_netplan(const plan::ClusterPlan& plan, const plan::HostPlan& host);

// Where the neighbour drop-in for `interface` goes: beside the .network file netplan generates.
std::string netplan_neighbour_dropin_path(const std::string& interface);

}  // namespace netkeel::render
