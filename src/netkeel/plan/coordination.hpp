#pragma once
// The site file's `coordination` section as a plan: each etcd member's host, its address on the
// coordination network (the address the host plan gives it there) and its client and peer URLs on
// etcd's standard ports. Members in site-file order. Pure.
#include <optional>
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

// hosts[i] is the plan of site.hosts[i]; nullopt when the site has no coordination section. Expects a
// validated site (every member a host with an address on the network).
std::optional<CoordinationPlan> plan_coordination(const site::Site& site, const std::vector<HostPlan>& hosts);

}  // namespace netkeel::plan
