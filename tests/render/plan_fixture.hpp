#pragma once
// Hand-built ClusterPlans for the renderers' unit tests, independent of the planner: one host with an
// LACP bond of two NICs under two VLANs, and one host with a single NIC carrying an untagged subnet.
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::render::testing {

inline Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }
inline Ipv4Prefix prefix(const char* text) { return *Ipv4Prefix::parse(text, false); }
inline MacAddress mac(const char* text) { return *MacAddress::parse(text); }

inline plan::LinkPlan nic(const char* name, const char* match_mac, int mtu, const char* master = "") {
  plan::LinkPlan l;
  l.name = name;
  l.kind = plan::LinkKind::physical;
  if (match_mac) l.match_mac = mac(match_mac);
  l.mtu = mtu;
  l.master = master;
  return l;
}

inline plan::LinkPlan bond(const char* name, plan::BondMode mode, std::vector<std::string> members, const char* mac_text,
                           int mtu) {
  plan::LinkPlan l;
  l.name = name;
  l.kind = plan::LinkKind::bond;
  l.mac = mac(mac_text);
  l.mtu = mtu;
  plan::BondSettings s;
  s.mode = mode;
  if (mode == plan::BondMode::active_backup) s.primary = members.front();
  l.bond = s;
  l.members = std::move(members);
  return l;
}

inline plan::LinkPlan vlan(const char* name, const char* parent, int id, const char* mac_text, int mtu,
                           const char* network) {
  plan::LinkPlan l;
  l.name = name;
  l.kind = plan::LinkKind::vlan;
  l.parent = parent;
  l.vlan_id = id;
  l.mac = mac(mac_text);
  l.mtu = mtu;
  l.networks = {network};
  return l;
}

// One network on one host: address, on-link route and optional default route in the network's table,
// the source rule, and the ARP sysctls.
inline void add_network(plan::HostPlan& h, const char* network, const char* interface, const char* address,
                        const char* subnet, uint32_t table, const char* gateway = nullptr) {
  h.addresses.push_back({interface, ip(address), prefix(subnet).length(), network});
  h.routes.push_back({network, prefix(subnet), std::nullopt, interface, table, ip(address)});
  if (gateway) h.routes.push_back({network, prefix("0.0.0.0/0"), ip(gateway), interface, table, ip(address)});
  h.rules.push_back({plan::kRulePriorityFirst + static_cast<uint32_t>(h.rules.size()),
                     Ipv4Prefix(ip(address), 32), table, network});
  plan::HostNetworkPlan n;
  n.network = network;
  n.interface = interface;
  n.address = ip(address);
  n.subnet = prefix(subnet);
  if (gateway) n.gateway = ip(gateway);
  n.table = table;
  h.networks.push_back(n);
}

// ctl1: eno1 + eno2 -> bond0 (802.3ad, MTU 9000) -> bond0.10 (mgmt) and bond0.40 (storage, jumbo).
inline plan::HostPlan bonded_host() {
  plan::HostPlan h;
  h.name = "ctl1";
  h.id = 11;
  h.rack = "r1";
  h.bond_reason = "802.3ad: both NICs go to tor1 and tor2, an MLAG pair";
  h.links = {nic("eno1", "3c:fd:fe:00:01:01", 9000, "bond0"), nic("eno2", "3c:fd:fe:00:01:02", 9000, "bond0"),
             bond("bond0", plan::BondMode::lacp, {"eno1", "eno2"}, "02:4e:4b:00:00:01", 9000),
             vlan("bond0.10", "bond0", 10, "02:4e:4b:00:00:10", 1500, "mgmt"),
             vlan("bond0.40", "bond0", 40, "02:4e:4b:00:00:40", 9000, "storage")};
  add_network(h, "mgmt", "bond0.10", "10.10.0.11", "10.10.0.0/24", 101, "10.10.0.1");
  add_network(h, "storage", "bond0.40", "10.40.0.11", "10.40.0.0/24", 104);
  h.routes.push_back({"mgmt", prefix("0.0.0.0/0"), ip("10.10.0.1"), "bond0.10", 254, std::nullopt});
  h.neighbours.push_back({"bond0.10", ip("10.10.0.12"), mac("02:4e:4b:00:01:10"), "mgmt", "host ctl2"});
  h.neighbours.push_back({"bond0.40", ip("10.40.0.12"), mac("02:4e:4b:00:01:40"), "storage", "host ctl2"});
  h.sysctls.push_back({"net.ipv4.conf.all.arp_filter", "1", "answer ARP only on the interface a reply leaves by"});
  h.sysctls.push_back({"net.ipv4.conf.bond0/10.arp_ignore", "1", "answer ARP only for addresses on bond0.10"});
  return h;
}

// node1: one NIC found by MAC, untagged, no neighbours or sysctls.
inline plan::HostPlan single_nic_host() {
  plan::HostPlan h;
  h.name = "node1";
  h.id = 1;
  h.rack = "r1";
  h.bond_reason = "no bond: one NIC";
  h.links = {nic("eno1", "52:54:00:10:00:11", 1500)};
  h.links[0].networks = {"mgmt"};
  add_network(h, "mgmt", "eno1", "10.0.0.11", "10.0.0.0/24", 101, "10.0.0.1");
  return h;
}

inline plan::ClusterPlan fixture_plan() {
  plan::ClusterPlan p;
  p.site = "fixture";
  p.fabric_mtu = 9000;
  p.hosts = {bonded_host(), single_nic_host()};
  return p;
}

}  // namespace netkeel::render::testing
