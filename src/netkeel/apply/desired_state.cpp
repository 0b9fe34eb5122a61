#include "netkeel/apply/desired_state.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace netkeel::apply {
namespace {

constexpr uint8_t kScopeUniverse = 0;
constexpr uint8_t kScopeLink = 253;

// sysctl(8) writes '.' inside an interface name as '/'.
std::string sysctl_interface_name(const std::string& name) {
  std::string out = name;
  std::replace(out.begin(), out.end(), '.', '/');
  return out;
}

std::string known_links(const std::vector<kernel::Link>& links) {
  std::string out;
  for (const auto& l : links) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({})", l.name, l.mac.str());
  }
  return out.empty() ? "none" : out;
}

}  // namespace

const DesiredLink* DesiredState::find_link(const std::string& n) const {
  auto it = std::find_if(links.begin(), links.end(), [&](const DesiredLink& l) { return l.name == n; });
  return it == links.end() ? nullptr : &*it;
}

kernel::BondAttributes bond_attributes(const plan::BondSettings& s) {
  kernel::BondAttributes a;
  a.mode = plan::to_string(s.mode);
  a.miimon_ms = s.miimon_ms;
  if (s.mode == plan::BondMode::lacp) a.lacp_rate = s.lacp_rate;
  if (s.mode == plan::BondMode::lacp || s.mode == plan::BondMode::balance_xor) a.xmit_hash_policy = s.xmit_hash_policy;
  if (s.mode == plan::BondMode::active_backup) a.primary = s.primary;
  return a;
}

bool bond_attributes_match(const kernel::BondAttributes& d, const kernel::BondAttributes& a) {
  if (d.mode != a.mode || d.miimon_ms != a.miimon_ms) return false;
  if (!d.lacp_rate.empty() && d.lacp_rate != a.lacp_rate) return false;
  if (!d.xmit_hash_policy.empty() && d.xmit_hash_policy != a.xmit_hash_policy) return false;
  if (!d.primary.empty() && d.primary != a.primary) return false;
  return true;
}

std::string rename_sysctl_interface(const std::string& key, const std::string& from, const std::string& to) {
  // net.ipv4.conf.<if>.<knob> and net.ipv4.neigh.<if>.<knob>: the interface is the fourth component.
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    auto dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts.size() < 5 || parts[3] != sysctl_interface_name(from)) return key;
  parts[3] = sysctl_interface_name(to);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
  return out;
}

DesiredStateResult desired_state(const plan::HostPlan& host, const std::vector<kernel::Link>& actual_links) {
  DesiredStateResult result;
  std::map<std::string, std::string> actual_name;  // planned name -> name on this host
  for (const auto& link : host.links) actual_name[link.name] = link.name;

  for (const auto& link : host.links) {
    if (link.kind != plan::LinkKind::physical) continue;
    const kernel::Link* found = nullptr;
    bool by_mac = false;
    if (link.match_mac) {
      auto it = std::find_if(actual_links.begin(), actual_links.end(),
                             [&](const kernel::Link& l) { return l.mac == *link.match_mac && l.kind != "bond" && l.kind != "vlan" && l.kind != "bridge";
                             });
      if (it != actual_links.end()) found = &*it, by_mac = true;
    }
    // An enslaved NIC carries its bond's MAC, so a NIC found by name is accepted too.
    if (!found) {
      auto it = std::find_if(actual_links.begin(), actual_links.end(),
                             [&](const kernel::Link& l) { return l.name == link.name; });
      if (it != actual_links.end()) found = &*it;
      if (found && link.match_mac && found->master.empty()) {
        result.diagnostics.warning(SourceMark{}, fmt::format("host {}: no link has NIC {}'s MAC {}; using the link named {} (MAC {})",
                                                             host.name, link.name, link.match_mac->str(), found->name,
                                                             found->mac.str()));
      }
    }
    if (!found) {
      result.diagnostics.error(
          SourceMark{}, fmt::format("host {}: NIC {} not found{}", host.name, link.name,
                                    link.match_mac ? fmt::format(" (no link has MAC {} or that name)", link.match_mac->str()) : ""),
          fmt::format("links on this host: {}; fix the NIC's name or mac in the site file, or pick the right --host",
                      known_links(actual_links)));
      continue;
    }
    if (found->name != link.name) {
      result.diagnostics.warning(
          SourceMark{}, fmt::format("host {}: NIC {} (MAC {}) is named {} here; netkeel uses its current name", host.name,
                                    link.name, link.match_mac->str(), found->name));
    }
    actual_name[link.name] = found->name;
    result.nic_matches.push_back({link.name, found->name, by_mac});
  }
  if (result.diagnostics.has_errors()) return result;

  auto name_of = [&](const std::string& planned) {
    auto it = actual_name.find(planned);
    return it == actual_name.end() ? planned : it->second;
  };

  DesiredState d;
  for (const auto& link : host.links) {
    DesiredLink l;
    l.name = name_of(link.name);
    l.mtu = link.mtu;
    l.admin_up = true;
    switch (link.kind) {
      case plan::LinkKind::physical:
        l.master = link.master.empty() ? "" : name_of(link.master);
        break;
      case plan::LinkKind::bond: {
        l.kind = "bond";
        l.mac = link.mac;
        auto attributes = bond_attributes(link.bond.value_or(plan::BondSettings{}));
        if (!attributes.primary.empty()) attributes.primary = name_of(attributes.primary);
        l.bond = attributes;
        break;
      }
      case plan::LinkKind::vlan:
        l.kind = "vlan";
        l.mac = link.mac;
        l.parent = name_of(link.parent);
        l.vlan_id = link.vlan_id;
        break;
    }
    d.links.push_back(std::move(l));
  }
  for (const auto& a : host.addresses) d.addresses.push_back({name_of(a.interface), a.address, a.prefix_length});
  std::vector<kernel::Route> on_link, via_gateway;
  for (const auto& r : host.routes) {
    kernel::Route k;
    k.table = r.table;
    k.destination = Ipv4Prefix(r.destination.network(), r.destination.length());
    k.gateway = r.gateway;
    k.interface = name_of(r.interface);
    k.source = r.source;
    k.protocol = plan::kRouteProtocol;
    k.scope = r.gateway ? kScopeUniverse : kScopeLink;
    (r.gateway ? via_gateway : on_link).push_back(k);
  }
  d.routes = on_link;
  d.routes.insert(d.routes.end(), via_gateway.begin(), via_gateway.end());
  for (const auto& r : host.rules) d.rules.push_back({r.priority, r.from, r.table});
  for (const auto& n : host.neighbours)
    d.neighbours.push_back({name_of(n.interface), n.address, n.mac, kernel::NeighbourState::permanent});
  for (const auto& s : host.sysctls) {
    std::string key = s.key;
    for (const auto& [planned, actual] : actual_name)
      if (planned != actual) key = rename_sysctl_interface(key, planned, actual);
    d.sysctls[key] = s.value;
  }
  result.state = std::move(d);
  return result;
}

}  // namespace netkeel::apply
