#pragma once
// ARP policy per network (docs/planning.md, "ARP policy"): network.arp when explicit; `auto` gives
// static neighbour entries when netkeel owns every address on the network (foreign_devices: false),
// long ARP timeouts otherwise.
#include <string>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

struct ArpDecision {
  ArpMode mode = ArpMode::static_entries;
  std::string reason;
};

ArpDecision decide_arp(const site::Network& network);

}  // namespace netkeel::plan
