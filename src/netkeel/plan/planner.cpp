#include "netkeel/plan/planner.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "netkeel/plan/arp_policy.hpp"
#include "netkeel/plan/arp_sysctls.hpp"
#include "netkeel/plan/bgp_announcements.hpp"
#include "netkeel/plan/bond_mode.hpp"
#include "netkeel/plan/coordination.hpp"
#include "netkeel/plan/deterministic_mac.hpp"
#include "netkeel/plan/link_layout.hpp"
#include "netkeel/plan/mac_ownership.hpp"
#include "netkeel/plan/network_mtu.hpp"
#include "netkeel/plan/plan_warnings.hpp"
#include "netkeel/plan/routing.hpp"
#include "netkeel/plan/routing_tables.hpp"
#include "netkeel/plan/static_neighbours.hpp"
#include "netkeel/plan/vip_allocation.hpp"
#include "netkeel/site/addressing.hpp"
#include "netkeel/site/host_networks.hpp"

namespace netkeel::plan {
namespace {

bool per_rack(const site::Site& site, const site::Network& network) {
  return site.fabric.layer == 3 && !network.rack_cidrs.empty();
}

// The planned addresses on the largest segment of `network`: its hosts (per rack on layer 3) and VIPs.
size_t segment_addresses(const site::Site& site, const site::Network& network) {
  std::map<std::string, size_t> hosts_per_segment;
  for (const auto& host : site.hosts) {
    for (const site::Network* carried : site::networks_carried_by(site, host)) {
      if (carried != &network) continue;
      ++hosts_per_segment[per_rack(site, network) ? host.rack.value_or("") : ""];
    }
  }
  size_t largest = 0;
  for (const auto& [segment, count] : hosts_per_segment) largest = std::max(largest, count);
  size_t vips = 0;
  for (const auto& service : site.services) vips += service.network == network.name ? 1 : 0;
  return largest + vips;
}

NetworkPlan plan_network(const site::Site& site, const site::Network& network, uint32_t table) {
  NetworkPlan p;
  p.name = network.name;
  p.vlan = network.vlan;
  if (per_rack(site, network)) {
    for (const auto& [rack, subnet] : network.rack_cidrs) {
      p.subnets.push_back(subnet);
      p.rack_subnets[rack] = subnet;
      auto explicit_gateway = network.rack_gateways.find(rack);
      if (explicit_gateway != network.rack_gateways.end()) {
        p.rack_gateways[rack] = explicit_gateway->second;
      } else if (auto first = subnet.nth(1)) {
        p.rack_gateways[rack] = *first;  // the shared rule in site/addressing.hpp
      }
    }
  } else {
    if (network.cidr) p.subnets.push_back(*network.cidr);
    p.gateway = network.gateway;
  }
  p.mtu = network_mtu(site.fabric, network);
  p.tenant_mtu = tenant_mtu(network.encapsulation, p.mtu);
  p.encapsulation = network.encapsulation;
  const ArpDecision arp = decide_arp(network, segment_addresses(site, network));
  p.arp = arp.mode;
  p.arp_reason = arp.reason;
  p.table = table;
  p.vip_range = network.vips;
  return p;
}

HostPlan plan_host(const site::Site& site, const site::Host& host, const std::vector<NetworkPlan>& networks,
                   Diagnostics& diagnostics) {
  HostPlan p;
  p.name = host.name;
  p.id = host.id;
  p.rack = host.rack.value_or("");
  p.backend = host.backend;
  const BondDecision bond = decide_bond(site, host);
  p.bond_reason = bond.reason;
  std::vector<int> mtus;
  for (const auto& n : networks) mtus.push_back(n.mtu);
  LinkLayout layout = layout_links(site, host, bond, mtus);
  p.links = std::move(layout.links);

  for (const auto& attachment : layout.attachments) {
    const site::Network& network = site.networks[attachment.network_index];
    const NetworkPlan& planned = networks[attachment.network_index];
    const auto address = site::host_address(site, network, host);
    const auto subnet = site::subnet_for(site, network, host);
    if (!address || !subnet) {  // the validator rejects this; never plan a host without its address
      diagnostics.error(host.marks.of("id"),
                        fmt::format("host {} has no address on network {} (id {} does not fit its subnet)", host.name,
                                    network.name, host.id),
                        fmt::format("give host {} an id that fits, or an explicit addresses.{}", host.name,
                                    network.name));
      continue;
    }
    HostNetworkPlan n;
    n.network = network.name;
    n.interface = attachment.interface;
    n.address = *address;
    n.subnet = *subnet;
    n.gateway = site::gateway_for(site, network, host);
    n.mtu = planned.mtu;
    n.vlan = attachment.vlan;
    n.tagged = attachment.tagged;
    n.table = planned.table;
    n.arp = planned.arp;
    p.networks.push_back(n);
    p.addresses.push_back({n.interface, n.address, subnet->length(), n.network});
  }
  HostRouting routing = plan_routing(site, host, p.networks);
  p.routes = std::move(routing.routes);
  p.rules = std::move(routing.rules);
  p.sysctls = plan_arp_sysctls(p.links, p.networks);
  return p;
}

// Addresses on each network that a VIP must never take: host addresses and gateways.
std::vector<std::vector<Ipv4Address>> owned_addresses(const ClusterPlan& plan) {
  std::vector<std::vector<Ipv4Address>> taken(plan.networks.size());
  for (size_t n = 0; n < plan.networks.size(); ++n) {
    const NetworkPlan& network = plan.networks[n];
    if (network.gateway) taken[n].push_back(*network.gateway);
    for (const auto& [rack, gateway] : network.rack_gateways) taken[n].push_back(gateway);
    for (const auto& host : plan.hosts) {
      for (const auto& hn : host.networks) {
        if (hn.network == network.name) taken[n].push_back(hn.address);
      }
    }
  }
  return taken;
}

std::vector<VipPlan> plan_vips(const site::Site& site, const ClusterPlan& plan, Diagnostics& diagnostics) {
  const auto picked = allocate_vips(site, owned_addresses(plan), diagnostics);
  std::vector<VipPlan> vips;
  for (size_t s = 0; s < site.services.size(); ++s) {
    if (!picked[s]) continue;
    const site::Service& service = site.services[s];
    VipPlan vip;
    vip.service = service.name;
    vip.network = service.network;
    vip.address = *picked[s];
    vip.mac = vip_mac(site.name, service.name, service.network);
    vip.ports = service.ports;
    vips.push_back(vip);
  }
  return vips;
}

}  // namespace

PlanResult plan_site(const site::Site& site, const PlanOptions& options) {
  PlanResult result;
  Diagnostics& diagnostics = result.diagnostics;
  ClusterPlan plan;
  plan.site = site.name;
  plan.fabric_layer = site.fabric.layer;
  plan.fabric_mtu = site.fabric.mtu;

  const std::vector<uint32_t> tables = routing_table_ids(site.networks);
  for (size_t i = 0; i < site.networks.size(); ++i) plan.networks.push_back(plan_network(site, site.networks[i], tables[i]));
  for (const auto& host : site.hosts) plan.hosts.push_back(plan_host(site, host, plan.networks, diagnostics));
  plan.vips = plan_vips(site, plan, diagnostics);
  if (options.static_neighbours) plan_static_neighbours(site, plan.vips, plan.hosts, diagnostics);
  check_mac_ownership(site, plan.hosts, plan.vips, diagnostics);
  plan.bgp = plan_bgp_announcements(site, plan.hosts, plan.vips);
  plan.coordination = plan_coordination(site, plan.hosts);
  add_plan_warnings(site, plan, diagnostics);

  diagnostics.sort();
  plan.findings = diagnostics;
  if (!diagnostics.has_errors()) result.plan = std::move(plan);
  return result;
}

}  // namespace netkeel::plan
