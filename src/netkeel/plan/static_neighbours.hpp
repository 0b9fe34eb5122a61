#pragma once
// Static ARP (docs/planning.md, "ARP policy"): on a network whose policy is `static`, every host
// gets a permanent neighbour entry for every other host's address in its own subnet (pointing at
// the MAC of the interface that address lives on) and for every VIP of the network inside that
// subnet (pointing at the VIP's deterministic MAC). Entries are sorted by (interface, address).
// A peer whose MAC is unknown (a single NIC without `mac:` in the site file) is left to ARP, with
// a warning.
#include <vector>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

// Fills hosts[i].neighbours; hosts[i] is the plan of site.hosts[i].
void plan_static_neighbours(const site::Site& site, const std::vector<VipPlan>& vips, std::vector<HostPlan>& hosts,
                            Diagnostics& diagnostics);

// The MAC the host's address on `network` answers with; nullopt when the site does not say.
std::optional<MacAddress> address_mac(const HostPlan& host, const std::string& network);

}  // namespace netkeel::plan
