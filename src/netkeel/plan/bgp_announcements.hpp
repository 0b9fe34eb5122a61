#pragma once
// Layer-3 fabrics (docs/planning.md, "Layer 3"): a VIP cannot move between racks by ARP, so every
// host allowed to run a service announces the VIP as a /32 to its leaf. Planned as data only:
// one entry per (service, allowed host, leaf the host's NICs on that network go to), with the
// rack gateway as BGP peer and the leaf's ASN. Services in site order, then hosts in site order,
// then leaves in NIC order. Empty on layer-2 fabrics.
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

// hosts[i] is the plan of site.hosts[i].
std::vector<BgpAnnouncement> plan_bgp_announcements(const site::Site& site, const std::vector<HostPlan>& hosts,
                                                    const std::vector<VipPlan>& vips);

}  // namespace netkeel::plan
