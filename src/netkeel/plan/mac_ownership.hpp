#pragma once
// No MAC has two owners (docs/planning.md, "MACs"): the derived MACs of bonds, VLANs and VIPs are
// checked against each other and against every physical NIC MAC in the site. A collision is an
// error that names both owners. (Two physical NICs with one MAC are the validator's to report.)
#include <vector>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

// hosts[i] is the plan of site.hosts[i]; vips[i] of the service named vips[i].service.
void check_mac_ownership(const site::Site& site, const std::vector<HostPlan>& hosts, const std::vector<VipPlan>& vips,
                         Diagnostics& diagnostics);

}  // namespace netkeel::plan
