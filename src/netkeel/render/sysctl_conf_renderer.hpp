#pragma once
// etc/sysctl.d/60-netkeel.conf: the host's planned sysctls (ARP behaviour, neighbour timeouts), each
// preceded by the reason netkeel sets it. Shared by the netplan and systemd-networkd formats, which
// cannot express sysctls themselves. systemd applies per-interface keys when the interface appears
// (udev runs systemd-sysctl for net/ipv4/conf/<if> and net/ipv4/neigh/<if>), so they hold for
// interfaces created after boot too.
#include <string>

#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::render {

inline constexpr const char* kSysctlConfPath = "etc/sysctl.d/60-netkeel.conf";

// Empty when the host plans no sysctls.
std::string render_sysctl_conf(const plan::ClusterPlan& plan, const plan::HostPlan& host);

}  // namespace netkeel::render
