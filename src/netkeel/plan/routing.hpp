#pragma once
// Routes and policy rules of one host (docs/planning.md, "Routing"). Per network the host is on:
//   table <network table>: <subnet> dev <if> scope link src <address>
//                          other racks' subnets of the network via the rack gateway (layer 3)
//                          default via <gateway>                    (when the network has one)
//   rule  priority kRulePriorityFirst + <network position>: from <address>/32 lookup <network table>
//   main table           : other racks' subnets of the network via the rack gateway (layer 3), so
//                          traffic to them leaves by that network's interface whatever the source;
//                          default via the gateway of the first network with default_route: true.
// Routes are listed per network in site order, each network's table routes before its main routes.
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

struct HostRouting {
  std::vector<RoutePlan> routes;
  std::vector<RulePlan> rules;
};

HostRouting plan_routing(const site::Site& site, const site::Host& host, const std::vector<HostNetworkPlan>& networks);

}  // namespace netkeel::plan
