#pragma once
// Link layout of one host (docs/planning.md, "Links"):
//   carrier   = the bond, or the single NIC
//   trunk     : a network with a vlan -> VLAN interface <carrier>.<vlan>; without vlan -> untagged on
//               the carrier
//   access    : the networks live untagged on the carrier (several subnets on one segment is the
//               "cloud in one VLAN" case)
//   MTU       : a VLAN gets the largest MTU of its networks; the carrier (and every bond member) the
//               largest MTU of everything it carries, so no VLAN exceeds its parent
//   MACs      : bonds and VLANs get deterministic MACs; physical NICs keep theirs (match_mac)
//   order     : physical NICs (site order), the bond, VLANs (by the site order of their first network)
#include <optional>
#include <string>
#include <vector>

#include "netkeel/plan/bond_mode.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

// Where one network lives on a host.
struct NetworkAttachment {
  size_t network_index = 0;      // position in site.networks
  std::string interface;
  bool tagged = false;
  std::optional<int> vlan;       // the network's VLAN (also for an untagged access segment)
};

struct LinkLayout {
  std::string carrier;
  std::vector<LinkPlan> links;
  std::vector<NetworkAttachment> attachments;  // site order of networks
};

// True when the NIC carries the network: site::networks_carried_by's rule (a trunk without
// `networks` carries every network).
bool nic_carries_network(const site::Site& site, const site::Nic& nic, const std::string& network);

// Positions in site.networks of the networks the host's NICs carry (a trunk without `networks`
// carries all), in site order.
std::vector<size_t> carried_networks(const site::Site& site, const site::Host& host);

// network_mtus[i] is the planned MTU of site.networks[i].
LinkLayout layout_links(const site::Site& site, const site::Host& host, const BondDecision& bond,
                        const std::vector<int>& network_mtus);

// "bond0.10" as sysctl(8) spells it in a key: '.' -> '/'.
std::string sysctl_interface_name(const std::string& interface);

}  // namespace netkeel::plan
