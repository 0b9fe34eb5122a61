#include "netkeel/plan/arp_sysctls.hpp"

#include <algorithm>

#include "netkeel/plan/link_layout.hpp"

namespace netkeel::plan {
namespace {

void add(std::vector<SysctlPlan>& out, std::string key, std::string value, std::string reason) {
  out.push_back({std::move(key), std::move(value), std::move(reason)});
}

}  // namespace

std::vector<SysctlPlan> plan_arp_sysctls(const std::vector<LinkPlan>& links,
                                         const std::vector<HostNetworkPlan>& networks) {
  std::vector<SysctlPlan> out;
  for (const auto& link : links) {
    const bool carries_addresses = std::any_of(networks.begin(), networks.end(),
                                               [&](const HostNetworkPlan& n) { return n.interface == link.name; });
    if (!carries_addresses) continue;
    const std::string conf = "net.ipv4.conf." + sysctl_interface_name(link.name) + ".";
    add(out, conf + "arp_filter", "1", "answer ARP only on the interface the reply would leave by");
    add(out, conf + "arp_ignore", "1", "answer ARP only for addresses configured on the receiving interface");
    add(out, conf + "arp_announce", "2", "use the outgoing interface's own address as ARP source");
    add(out, conf + "arp_notify", "1", "send gratuitous ARP when the interface comes up or its address moves");
    add(out, conf + "rp_filter", "2",
        "loose reverse-path check: source routing per network would trip the strict check");
    const bool long_timeout = std::any_of(networks.begin(), networks.end(), [&](const HostNetworkPlan& n) {
      return n.interface == link.name && n.arp == ArpMode::long_timeout;
    });
    if (long_timeout) {
      const std::string neigh = "net.ipv4.neigh." + sysctl_interface_name(link.name) + ".";
      add(out, neigh + "base_reachable_time_ms", std::to_string(kLongBaseReachableTimeMs),
          "long-timeout ARP: entries stay reachable 5-15 min instead of 15-45 s, far fewer re-resolutions");
      add(out, neigh + "gc_stale_time", std::to_string(kLongGcStaleTimeSeconds),
          "long-timeout ARP: keep stale entries an hour instead of 60 s before garbage collection");
    }
  }
  return out;
}

}  // namespace netkeel::plan
