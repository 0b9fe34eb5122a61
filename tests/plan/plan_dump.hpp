#pragma once
// Test-only canonical dump of a ClusterPlan: every field, one line each, so two plans can be
// compared byte for byte and a failing comparison shows the first differing line.
#include <sstream>
#include <string>

#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::plan::test_support {

inline std::string opt_str(const std::optional<Ipv4Address>& a) { return a ? a->str() : "-"; }
inline std::string opt_str(const std::optional<MacAddress>& m) { return m ? m->str() : "-"; }

inline std::string dump_host(const HostPlan& h) {
  std::ostringstream o;
  o << "host " << h.name << " id " << h.id << " rack " << h.rack << " backend " << site::to_string(h.backend)
    << " bond_reason " << h.bond_reason << "\n";
  for (const auto& l : h.links) {
    o << " link " << l.name << " " << to_string(l.kind) << " match " << opt_str(l.match_mac) << " mac "
      << opt_str(l.mac) << " mtu " << l.mtu << " master " << l.master << " parent " << l.parent << " vlan "
      << l.vlan_id;
    if (l.bond) {
      o << " bond " << to_string(l.bond->mode) << " miimon " << l.bond->miimon_ms << " rate " << l.bond->lacp_rate
        << " hash " << l.bond->xmit_hash_policy << " primary " << l.bond->primary;
    }
    o << " members";
    for (const auto& m : l.members) o << " " << m;
    o << " networks";
    for (const auto& n : l.networks) o << " " << n;
    o << "\n";
  }
  for (const auto& n : h.networks) {
    o << " net " << n.network << " if " << n.interface << " " << n.address.str() << " in " << n.subnet.str() << " gw "
      << opt_str(n.gateway) << " mtu " << n.mtu << " vlan " << (n.vlan ? std::to_string(*n.vlan) : "-") << " tagged "
      << n.tagged << " table " << n.table << " arp " << to_string(n.arp) << "\n";
  }
  for (const auto& a : h.addresses) o << " addr " << a.interface << " " << a.address.str() << "/" << a.prefix_length << " " << a.network << "\n";
  for (const auto& r : h.routes) {
    o << " route " << r.destination.str() << " via " << opt_str(r.gateway) << " dev " << r.interface << " table "
      << r.table << " src " << opt_str(r.source) << " " << r.network << "\n";
  }
  for (const auto& r : h.rules) o << " rule " << r.priority << " from " << r.from.str() << " table " << r.table << " " << r.network << "\n";
  for (const auto& n : h.neighbours) {
    o << " neigh " << n.interface << " " << n.address.str() << " " << n.mac.str() << " " << n.network << " " << n.owner << "\n";
  }
  for (const auto& s : h.sysctls) o << " sysctl " << s.key << "=" << s.value << " # " << s.reason << "\n";
  return o.str();
}

inline std::string dump_plan(const ClusterPlan& p) {
  std::ostringstream o;
  o << "schema " << p.schema_version << " site " << p.site << " layer " << p.fabric_layer << " mtu " << p.fabric_mtu << "\n";
  for (const auto& n : p.networks) {
    o << "network " << n.name << " vlan " << (n.vlan ? std::to_string(*n.vlan) : "-");
    for (const auto& s : n.subnets) o << " " << s.str();
    for (const auto& [rack, s] : n.rack_subnets) o << " " << rack << "=" << s.str();
    o << " gw " << opt_str(n.gateway);
    for (const auto& [rack, g] : n.rack_gateways) o << " " << rack << "@" << g.str();
    o << " mtu " << n.mtu << " tenant " << (n.tenant_mtu ? std::to_string(*n.tenant_mtu) : "-") << " encap "
      << site::to_string(n.encapsulation) << " arp " << to_string(n.arp) << " (" << n.arp_reason << ") table " << n.table
      << " vips " << (n.vip_range ? n.vip_range->str() : "-") << "\n";
  }
  for (const auto& h : p.hosts) o << dump_host(h);
  for (const auto& v : p.vips) {
    o << "vip " << v.service << " " << v.network << " " << v.address.str() << "/" << v.prefix_length << " " << v.mac.str();
    for (auto port : v.ports) o << " " << port;
    o << "\n";
  }
  for (const auto& b : p.bgp) {
    o << "bgp " << b.host << " " << b.service << " " << b.prefix.str() << " leaf " << b.leaf << " peer "
      << opt_str(b.peer) << " asn " << (b.leaf_asn ? std::to_string(*b.leaf_asn) : "-") << "\n";
  }
  o << format_diagnostics(p.findings);
  return o.str();
}

}  // namespace netkeel::plan::test_support
