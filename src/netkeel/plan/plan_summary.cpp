#include "netkeel/plan/plan_summary.hpp"

#include <fmt/format.h>

#include "netkeel/plan/text_table.hpp"

namespace netkeel::plan {
namespace {

std::string or_dash(const std::optional<Ipv4Address>& a) { return a ? a->str() : "-"; }

std::string host_section(const HostPlan& h) {
  std::string out = fmt::format("host {}  (id {}, rack {}, backend {})\n", h.name, h.id, h.rack.empty() ? "-" : h.rack,
                                site::to_string(h.backend));
  out += fmt::format("  bond: {}\n\n", h.bond_reason);

  TextTable links({"INTERFACE", "KIND", "MTU", "MAC", "ON", "MEMBERS / NETWORKS"});
  for (const auto& l : h.links) {
    std::string kind = to_string(l.kind);
    if (l.kind == LinkKind::vlan) kind += " " + std::to_string(l.vlan_id);
    if (l.bond) kind += " " + to_string(l.bond->mode);
    const auto& mac = l.mac ? l.mac : l.match_mac;
    std::string on = !l.master.empty() ? "in " + l.master : l.parent;
    std::string detail;
    if (!l.members.empty()) detail = fmt::format("{}", fmt::join(l.members, ", "));
    if (!l.networks.empty()) detail += (detail.empty() ? "" : "; ") + fmt::format("{}", fmt::join(l.networks, ", "));
    if (l.bond && l.bond->mode == BondMode::active_backup) detail += " (primary " + l.bond->primary + ")";
    links.add_row({l.name, kind, std::to_string(l.mtu), mac ? mac->str() : "(kernel's)", on.empty() ? "-" : on,
                   detail.empty() ? "-" : detail});
  }
  out += links.render("  ") + "\n";

  TextTable networks({"NETWORK", "INTERFACE", "ADDRESS", "GATEWAY", "TABLE", "RULE", "MTU", "ARP"});
  for (const auto& n : h.networks) {
    std::string rule = "-";
    for (const auto& r : h.rules) {
      if (r.network == n.network) rule = std::to_string(r.priority);
    }
    networks.add_row({n.network, n.interface, fmt::format("{}/{}", n.address.str(), n.subnet.length()),
                      or_dash(n.gateway), std::to_string(n.table), rule, std::to_string(n.mtu), to_string(n.arp)});
  }
  out += networks.render("  ");
  size_t main_routes = 0;
  for (const auto& r : h.routes) main_routes += r.table == 254 ? 1 : 0;
  out += fmt::format("  {} routes ({} in main), {} rules, {} static neighbours, {} sysctls\n\n", h.routes.size(),
                     main_routes, h.rules.size(), h.neighbours.size(), h.sysctls.size());
  return out;
}

std::string networks_section(const ClusterPlan& plan) {
  TextTable t({"NETWORK", "VLAN", "SUBNET", "GATEWAY", "MTU", "TENANT MTU", "TABLE", "ARP", "WHY"});
  for (const auto& n : plan.networks) {
    const std::string vlan = n.vlan ? std::to_string(*n.vlan) : "untagged";
    const std::string tenant = n.tenant_mtu ? fmt::format("{} ({})", *n.tenant_mtu, site::to_string(n.encapsulation)) : "-";
    if (n.rack_subnets.empty()) {
      t.add_row({n.name, vlan, n.subnets.empty() ? "-" : n.subnets.front().str(), or_dash(n.gateway),
                 std::to_string(n.mtu), tenant, std::to_string(n.table), to_string(n.arp), n.arp_reason});
      continue;
    }
    bool first = true;
    for (const auto& [rack, subnet] : n.rack_subnets) {
      auto gw = n.rack_gateways.find(rack);
      const std::string gateway = gw == n.rack_gateways.end() ? "-" : gw->second.str();
      if (first) {
        t.add_row({n.name, vlan, rack + " " + subnet.str(), gateway, std::to_string(n.mtu), tenant,
                   std::to_string(n.table), to_string(n.arp), n.arp_reason});
      } else {
        t.add_row({"", "", rack + " " + subnet.str(), gateway});
      }
      first = false;
    }
  }
  return "networks\n" + t.render("  ") + "\n";
}

std::string vips_section(const ClusterPlan& plan) {
  if (plan.vips.empty()) return "VIPs: none\n\n";
  TextTable t({"SERVICE", "NETWORK", "VIP", "MAC", "PORTS"});
  for (const auto& v : plan.vips) {
    t.add_row({v.service, v.network, fmt::format("{}/{}", v.address.str(), v.prefix_length), v.mac.str(),
               v.ports.empty() ? "-" : fmt::format("{}", fmt::join(v.ports, ", "))});
  }
  return "VIPs\n" + t.render("  ") + "\n";
}

std::string bgp_section(const ClusterPlan& plan, const std::string& only_host) {
  if (plan.bgp.empty()) return {};
  TextTable t({"HOST", "SERVICE", "PREFIX", "LEAF", "PEER", "LEAF ASN"});
  for (const auto& a : plan.bgp) {
    if (!only_host.empty() && a.host != only_host) continue;
    t.add_row({a.host, a.service, a.prefix.str(), a.leaf, or_dash(a.peer), a.leaf_asn ? std::to_string(*a.leaf_asn) : "-"});
  }
  return "BGP announcements (layer 3; planned as data, not yet applied)\n" + t.render("  ") + "\n";
}

}  // namespace

std::string format_plan_summary(const ClusterPlan& plan, const Diagnostics& warnings, const std::string& only_host) {
  std::string out = fmt::format("site {}: layer-{} fabric, MTU {}; {} hosts, {} networks, {} VIPs\n\n", plan.site,
                                plan.fabric_layer, plan.fabric_mtu, plan.hosts.size(), plan.networks.size(),
                                plan.vips.size());
  for (const auto& h : plan.hosts) {
    if (only_host.empty() || h.name == only_host) out += host_section(h);
  }
  out += networks_section(plan);
  out += vips_section(plan);
  out += bgp_section(plan, only_host);
  if (warnings.items().empty()) {
    out += "warnings: none\n";
  } else {
    out += fmt::format("warnings ({})\n", warnings.items().size());
    out += format_diagnostics(warnings);
  }
  return out;
}

}  // namespace netkeel::plan
