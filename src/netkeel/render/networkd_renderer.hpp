#pragma once
// ClusterPlan -> systemd-networkd (252) files for one host, under etc/systemd/network/:
//   10-netkeel-<nic>.link      rename the NIC found by its permanent MAC (only when the plan matches by MAC)
//   10-netkeel-<nic>.network   physical NICs: bond membership, VLANs, addresses ...
//   20-netkeel-<bond>.netdev / .network   bonds
//   30-netkeel-<vlan>.netdev / .network   VLANs
// plus etc/sysctl.d/60-netkeel.conf. The number prefixes sort each link after the links it depends
// on and ahead of distribution defaults (networkd uses the first .network file that matches).
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/render/rendered_files.hpp"

namespace netkeel::render {

// Throws RenderError for plans networkd cannot express (Open vSwitch hosts).
RenderedFiles render_networkd(const plan::ClusterPlan& plan, const plan::HostPlan& host);

}  // namespace netkeel::render
