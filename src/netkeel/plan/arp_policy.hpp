#pragma once
// ARP policy per network (docs/planning.md, "ARP policy"): network.arp when explicit; `auto` gives
// static neighbour entries when netkeel owns every address on the network (foreign_devices: false),
// long ARP timeouts otherwise, and also when one segment holds more than kStaticArpMaxAddresses
// planned addresses: every host would then carry (and every renderer write) a quadratic number of
// permanent entries, and older kernels count them against gc_thresh3 (1024 by default).
#include <cstddef>
#include <string>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

struct ArpDecision {
  ArpMode mode = ArpMode::static_entries;
  std::string reason;
};

inline constexpr size_t kStaticArpMaxAddresses = 256;

// `segment_addresses`: the planned addresses one host's segment of this network holds (hosts on it
// plus its VIPs; on layer 3, the largest rack's hosts plus the VIPs).
ArpDecision decide_arp(const site::Network& network, size_t segment_addresses);

}  // namespace netkeel::plan
