#include "netkeel/plan/link_layout.hpp"

#include <algorithm>

#include "netkeel/plan/deterministic_mac.hpp"
#include "netkeel/site/host_networks.hpp"

namespace netkeel::plan {
namespace {

// The first NIC (site order) that carries the network decides whether it arrives tagged.
const site::Nic* first_nic_carrying(const site::Site& site, const site::Host& host, const std::string& network) {
  for (const auto& nic : host.nics) {
    if (nic_carries_network(site, nic, network)) return &nic;
  }
  return nullptr;
}

}  // namespace

bool nic_carries_network(const site::Site& site, const site::Nic& nic, const std::string& network) {
  const auto carried = site::networks_carried_by(site, nic);
  return std::any_of(carried.begin(), carried.end(), [&](const site::Network* n) { return n->name == network; });
}

std::vector<size_t> carried_networks(const site::Site& site, const site::Host& host) {
  std::vector<size_t> indices;
  for (const site::Network* network : site::networks_carried_by(site, host)) {
    indices.push_back(static_cast<size_t>(network - site.networks.data()));
  }
  return indices;
}

std::string sysctl_interface_name(const std::string& interface) {
  std::string out = interface;
  std::replace(out.begin(), out.end(), '.', '/');
  return out;
}

LinkLayout layout_links(const site::Site& site, const site::Host& host, const BondDecision& bond,
                        const std::vector<int>& network_mtus) {
  LinkLayout layout;
  if (host.nics.empty()) return layout;
  const bool bonded = bond.settings.has_value();
  layout.carrier = bonded ? bond.name : host.nics.front().name;

  // Attach every carried network: tagged on a VLAN interface or untagged on the carrier.
  std::vector<LinkPlan> vlans;
  int carrier_mtu = 0;
  std::vector<std::string> carrier_networks;
  for (size_t index : carried_networks(site, host)) {
    const site::Network& network = site.networks[index];
    const site::Nic* nic = first_nic_carrying(site, host, network.name);
    const int mtu = network_mtus[index];
    NetworkAttachment attachment{index, layout.carrier, false, network.vlan};
    carrier_mtu = std::max(carrier_mtu, mtu);
    if (nic->mode == site::NicMode::trunk && network.vlan) {
      attachment.tagged = true;
      attachment.interface = layout.carrier + "." + std::to_string(*network.vlan);
      auto existing = std::find_if(vlans.begin(), vlans.end(), [&](const LinkPlan& l) { return l.vlan_id == *network.vlan; });
      if (existing == vlans.end()) {
        LinkPlan vlan;
        vlan.name = attachment.interface;
        vlan.kind = LinkKind::vlan;
        vlan.parent = layout.carrier;
        vlan.vlan_id = *network.vlan;
        vlan.mtu = mtu;
        vlan.mac = logical_link_mac(site.name, host.name, vlan.name);
        vlans.push_back(vlan);
        existing = vlans.end() - 1;
      }
      existing->mtu = std::max(existing->mtu, mtu);  // several subnets may share one VLAN
      existing->networks.push_back(network.name);
    } else {
      carrier_networks.push_back(network.name);
    }
    layout.attachments.push_back(attachment);
  }
  if (carrier_mtu == 0) carrier_mtu = std::min(1500, site.fabric.mtu);  // carries nothing yet

  for (const auto& nic : host.nics) {
    LinkPlan link;
    link.name = nic.name;
    link.kind = LinkKind::physical;
    link.match_mac = nic.mac;
    link.mtu = carrier_mtu;
    if (bonded) {
      link.master = bond.name;
    } else {
      link.networks = carrier_networks;
    }
    layout.links.push_back(link);
    if (!bonded) break;  // one NIC, no bond: validated sites have exactly one here
  }
  if (bonded) {
    LinkPlan link;
    link.name = bond.name;
    link.kind = LinkKind::bond;
    link.mac = logical_link_mac(site.name, host.name, bond.name);
    link.mtu = carrier_mtu;
    link.bond = bond.settings;
    for (const auto& nic : host.nics) link.members.push_back(nic.name);
    link.networks = carrier_networks;
    layout.links.push_back(link);
  }
  layout.links.insert(layout.links.end(), vlans.begin(), vlans.end());
  return layout;
}

}  // namespace netkeel::plan
