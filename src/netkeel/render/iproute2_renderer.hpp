#pragma once
// ClusterPlan -> one POSIX sh script per host (usr/local/sbin/netkeel-network.sh) that takes a bare
// host to the plan with iproute2 and sysctl. Idempotent: links are created only when missing, bond
// options set only when they differ, addresses/routes/neighbours use `replace`, rules are guarded.
// Order: global sysctls (so new links inherit them), NICs found by MAC and renamed, bonds (mode and
// options before members are enslaved, members enslaved while down), VLANs, MTU and MAC, per-link
// sysctls (before the link comes up, so its first ARP already follows them), up, addresses, routes
// (protocol plan::kRouteProtocol), rules, neighbours.
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/render/rendered_files.hpp"

namespace netkeel::render {

inline constexpr const char* kIproute2ScriptPath = "usr/local/sbin/netkeel-network.sh";

// Throws RenderError for plans the script cannot build (Open vSwitch hosts).
RenderedFiles render_iproute2(const plan::ClusterPlan& plan, const plan::HostPlan& host);

}  // namespace netkeel::render
