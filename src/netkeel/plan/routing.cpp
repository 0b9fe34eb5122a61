#include "netkeel/plan/routing.hpp"

#include "netkeel/plan/routing_tables.hpp"

namespace netkeel::plan {
namespace {

uint32_t network_position(const site::Site& site, const std::string& name) {
  for (size_t i = 0; i < site.networks.size(); ++i) {
    if (site.networks[i].name == name) return static_cast<uint32_t>(i);
  }
  return static_cast<uint32_t>(site.networks.size());
}

RoutePlan route(const HostNetworkPlan& n, Ipv4Prefix destination, std::optional<Ipv4Address> gateway, uint32_t table) {
  RoutePlan r;
  r.network = n.network;
  r.destination = destination;
  r.gateway = gateway;
  r.interface = n.interface;
  r.table = table;
  r.source = n.address;
  return r;
}

}  // namespace

HostRouting plan_routing(const site::Site& site, const site::Host& host, const std::vector<HostNetworkPlan>& networks) {
  HostRouting routing;
  bool main_default_taken = false;
  const Ipv4Prefix default_destination(Ipv4Address(0), 0);
  for (const auto& n : networks) {
    const site::Network* network = site.find_network(n.network);
    const uint32_t position = network_position(site, n.network);
    // Other racks' subnets of this network (layer 3 only), in rack-name order.
    std::vector<Ipv4Prefix> other_racks;
    if (network && site.fabric.layer == 3 && n.gateway) {
      for (const auto& [rack, subnet] : network->rack_cidrs) {
        if (!host.rack || rack != *host.rack) other_racks.push_back(subnet);
      }
    }

    routing.routes.push_back(route(n, n.subnet, std::nullopt, n.table));
    for (const auto& subnet : other_racks) routing.routes.push_back(route(n, subnet, n.gateway, n.table));
    if (n.gateway) routing.routes.push_back(route(n, default_destination, n.gateway, n.table));

    for (const auto& subnet : other_racks) routing.routes.push_back(route(n, subnet, n.gateway, kMainTable));
    if (network && network->default_route && n.gateway && !main_default_taken) {
      routing.routes.push_back(route(n, default_destination, n.gateway, kMainTable));
      main_default_taken = true;
    }

    RulePlan rule;
    rule.priority = kRulePriorityFirst + position;
    rule.from = Ipv4Prefix(n.address, 32);
    rule.table = n.table;
    rule.network = n.network;
    routing.rules.push_back(rule);
  }
  return routing;
}

}  // namespace netkeel::plan
