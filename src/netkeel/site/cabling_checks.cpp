// NICs to switches and networks, access-port VLANs, bonds and their mode overrides, interface names.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/site/host_networks.hpp"
#include "netkeel/site/site_checks.hpp"

namespace netkeel::site {
namespace {

// Linux interface names fit IFNAMSIZ (16) including the terminating NUL.
constexpr size_t kMaxInterfaceName = 15;

std::string vlan_label(const Network& network) {
  return network.vlan ? fmt::format("VLAN {}", *network.vlan) : std::string("untagged");
}

struct KnownNames {
  std::vector<std::string> switches;
  std::vector<std::string> networks;
};

void check_nic_references(const Site& site, const KnownNames& known, const Host& host, const Nic& nic,
                          Diagnostics& out) {
  const auto& switch_names = known.switches;
  const auto& network_names = known.networks;

  if (!nic.switch_name.empty() && !site.find_switch(nic.switch_name)) {
    out.error(nic.marks.of("switch"),
              fmt::format("NIC {} of host '{}' is cabled to switch '{}', which is not a switch of this site", nic.name,
                          host.name, nic.switch_name),
              unknown_name_hint(nic.switch_name, switch_names, "switches"));
  }
  for (size_t i = 0; i < nic.networks.size(); ++i) {
    if (site.find_network(nic.networks[i])) continue;
    out.error(nic.marks.of("networks." + std::to_string(i)),
              fmt::format("NIC {} of host '{}' lists network '{}', which is not a network of this site", nic.name,
                          host.name, nic.networks[i]),
              unknown_name_hint(nic.networks[i], network_names, "networks"));
  }
  if (nic.mode != NicMode::access) return;
  if (nic.networks.empty()) {
    out.error(nic.marks.of("mode"),
              fmt::format("access NIC {} of host '{}' lists no networks", nic.name, host.name),
              "an access port carries the networks it lists: add networks: [..] (or use mode: trunk to carry all)");
    return;
  }
  // An access port is one untagged segment: its networks must agree on the VLAN (or all have none).
  std::vector<const Network*> listed;
  for (const auto& name : nic.networks) {
    if (const Network* network = site.find_network(name)) listed.push_back(network);
  }
  const bool mixed = std::any_of(listed.begin(), listed.end(), [&](const Network* n) { return n->vlan != listed.front()->vlan; });
  if (mixed) {
    std::string detail;
    for (const Network* network : listed) {
      detail += fmt::format("{}{} ({})", detail.empty() ? "" : ", ", network->name, vlan_label(*network));
    }
    out.error(nic.marks.of("networks"),
              fmt::format("access NIC {} of host '{}' carries networks of different VLANs: {}", nic.name, host.name, detail),
              "an access port carries one VLAN untagged: use mode: trunk to carry them tagged, or give these networks "
              "the same vlan (or none)");
  }
}

// netkeel bonds every NIC of a host with two or more; the members must be configured alike.
void check_bond_members(const Site& site, const Host& host, Diagnostics& out) {
  if (host.nics.size() < 2) return;
  const Nic& first = host.nics.front();
  const auto first_networks = networks_carried_by(site, first);
  for (size_t i = 1; i < host.nics.size(); ++i) {
    const Nic& nic = host.nics[i];
    if (nic.mode != first.mode) {
      out.error(nic.marks.of("mode"),
                fmt::format("NICs {} and {} of host '{}' are bonded but {} is {} and {} is {}", first.name, nic.name,
                            host.name, first.name, to_string(first.mode), nic.name, to_string(nic.mode)),
                "netkeel bonds all NICs of a host: give them the same mode");
    } else if (networks_carried_by(site, nic) != first_networks) {
      out.error(nic.marks.of(nic.marks.has("networks") ? "networks" : "name"),
                fmt::format("NICs {} and {} of host '{}' are bonded but carry different networks", first.name, nic.name,
                            host.name),
                "netkeel bonds all NICs of a host: give them the same networks list");
    }
  }
}

void check_bond_mode(const Site& site, const Host& host, Diagnostics& out) {
  const Bond& bond = host.bond;
  if (bond.mode == BondModeOverride::none) return;
  const SourceMark mark = bond.marks.of("mode");
  if (host.nics.size() < 2) {
    out.warning(mark, fmt::format("host '{}' sets a bond mode but has {} NIC", host.name, host.nics.size()),
                "a bond needs two or more NICs; remove the bond setting or add the second NIC");
    return;
  }
  if (bond.mode != BondModeOverride::lacp && bond.mode != BondModeOverride::balance_xor) return;
  // Both modes need the switch side to treat the ports as one LAG: one switch, or an MLAG pair.
  std::vector<const Switch*> switches;
  for (const auto& nic : host.nics) {
    const Switch* sw = site.find_switch(nic.switch_name);
    if (sw && std::find(switches.begin(), switches.end(), sw) == switches.end()) switches.push_back(sw);
  }
  const std::string mode = to_string(bond.mode);
  const bool needs_lacp = bond.mode == BondModeOverride::lacp;
  if (switches.size() > 2) {
    out.error(mark, fmt::format("bond mode {} of host '{}' spans {} switches", mode, host.name, switches.size()),
              "a LAG ends on one switch or one MLAG pair; remove the mode so netkeel picks active-backup");
    return;
  }
  if (switches.size() == 2) {
    const Switch& a = *switches[0];
    const Switch& b = *switches[1];
    if (a.mlag_peer != b.name || b.mlag_peer != a.name) {
      out.error(mark,
                fmt::format("bond mode {} of host '{}' spans switches '{}' and '{}', which are not MLAG peers: two "
                            "independent switches cannot form one LAG, so the bond would lose traffic",
                            mode, host.name, a.name, b.name),
                fmt::format("use mode: active-backup (or remove the mode), or declare mlag_peer on both switches if "
                            "they really are an MLAG/VPC pair"));
      return;
    }
  }
  if (!needs_lacp) return;
  for (const Switch* sw : switches) {
    if (!sw->lacp) {
      out.error(mark,
                fmt::format("bond mode {} of host '{}' needs LACP, but switch '{}' has lacp: false", mode, host.name,
                            sw->name),
                fmt::format("set lacp: true on switch '{}' once its ports are in an LACP LAG, or remove the mode so "
                            "netkeel picks active-backup",
                            sw->name));
    }
  }
}

void check_interface_names(const Site& site, const Host& host, Diagnostics& out) {
  for (const auto& nic : host.nics) {
    if (nic.name.size() > kMaxInterfaceName) {
      out.error(nic.marks.of("name"),
                fmt::format("NIC name '{}' of host '{}' is {} characters; Linux allows {}", nic.name, host.name,
                            nic.name.size(), kMaxInterfaceName),
                "use the name the kernel shows in `ip link` (it is at most 15 characters)");
    }
  }
  if (host.nics.empty()) return;
  const bool bonded = host.nics.size() >= 2;
  const std::string& parent = bonded ? host.bond.name : host.nics.front().name;
  const SourceMark parent_mark = bonded ? host.bond.marks.of("name") : host.nics.front().marks.of("name");
  if (bonded && parent.size() > kMaxInterfaceName) {
    out.error(host.bond.marks.of("name").known() ? host.bond.marks.of("name") : host.marks.of("bond"),
              fmt::format("bond name '{}' of host '{}' is {} characters; Linux allows {}", parent, host.name,
                          parent.size(), kMaxInterfaceName),
              "choose a shorter bond name, e.g. bond0");
    return;
  }
  if (parent.size() > kMaxInterfaceName) return;  // reported above
  // Tagged networks on trunk NICs become VLAN interfaces named <parent>.<vlan>.
  std::string longest;
  for (const auto& nic : host.nics) {
    if (nic.mode != NicMode::trunk) continue;
    for (const Network* network : networks_carried_by(site, nic)) {
      if (!network->vlan) continue;
      std::string name = fmt::format("{}.{}", parent, *network->vlan);
      if (name.size() > longest.size()) longest = name;
    }
  }
  if (longest.size() > kMaxInterfaceName) {
    out.error(parent_mark.known() ? parent_mark : host.marks.self,
              fmt::format("VLAN interface '{}' of host '{}' would be {} characters; Linux allows {}", longest,
                          host.name, longest.size(), kMaxInterfaceName),
              bonded ? "choose a shorter bond name (bond: {name: bond0})"
                     : "VLAN interfaces are named <nic>.<vlan>: use a shorter NIC name (an udev rename) or a bond "
                       "(bond: {name: bond0}) with two NICs");
  }
}

void check_host_carries_networks(const Site& site, const Host& host, Diagnostics& out) {
  if (host.nics.empty()) {
    if (host.marks.has("nics")) {
      out.error(host.marks.of("nics"), fmt::format("host '{}' has no NICs", host.name),
                "list each cabled NIC: {name: eno1, switch: sw1, port: \"1\"}");
    }
    return;
  }
  if (networks_carried_by(site, host).empty() && !site.networks.empty()) {
    out.error(host.marks.of("nics"), fmt::format("host '{}' carries no network on any NIC", host.name),
              "a host gets every network its NICs carry: list known networks on its NICs (or use mode: trunk)");
  }
}

}  // namespace

void check_cabling(const Site& site, Diagnostics& out) {
  KnownNames known;
  for (const auto& sw : site.switches) known.switches.push_back(sw.name);
  for (const auto& network : site.networks) known.networks.push_back(network.name);
  for (const auto& host : site.hosts) {
    for (const auto& nic : host.nics) check_nic_references(site, known, host, nic, out);
    check_host_carries_networks(site, host, out);
    check_bond_members(site, host, out);
    check_bond_mode(site, host, out);
    check_interface_names(site, host, out);
  }
}

}  // namespace netkeel::site
