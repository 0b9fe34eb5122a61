#include "netkeel/plan/arp_policy.hpp"

#include <fmt/format.h>

namespace netkeel::plan {

ArpDecision decide_arp(const site::Network& network, size_t segment_addresses) {
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
  if (segment_addresses > kStaticArpMaxAddresses) {
    return {ArpMode::long_timeout,
            fmt::format("{} addresses on one segment (more than {}): permanent entries on every host would grow "
                        "with the square of the site; long ARP timeouts instead (set arp: static to insist)",
                        segment_addresses, kStaticArpMaxAddresses)};
  }
  return {ArpMode::static_entries,
          "netkeel owns every address here: permanent entries for hosts and VIPs, nothing to go stale"};
}

}  // namespace netkeel::plan
