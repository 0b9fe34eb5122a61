#include "netkeel/plan/arp_policy.hpp"

namespace netkeel::plan {

ArpDecision decide_arp(const site::Network& network) {
  switch (network.arp) {
    case site::ArpPolicy::static_entries:
      return {ArpMode::static_entries, "set to static in the site file"};
    case site::ArpPolicy::long_timeout:
      return {ArpMode::long_timeout, "set to long-timeout in the site file"};
    case site::ArpPolicy::kernel_default:
      return {ArpMode::kernel_default, "set to default in the site file: the kernel's own ARP timers"};
    case site::ArpPolicy::automatic:
      break;
  }
  if (network.foreign_devices) {
    return {ArpMode::long_timeout,
            "devices netkeel does not own live here (MACs unknown): long ARP timeouts instead"};
  }
  return {ArpMode::static_entries,
          "netkeel owns every address here: permanent entries for hosts and VIPs, nothing to go stale"};
}

}  // namespace netkeel::plan
