#pragma once
// What the kernel should hold for one host: the HostPlan translated into kernel objects, with each
// planned NIC resolved to the link that is really there (by MAC where the plan has one, else by name).
// The same type also describes a snapshot to restore (rollback), so one reconciler serves both.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/kernel/kernel_state.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::apply {

struct DesiredLink {
  std::string name;
  std::optional<std::string> kind;          // nullopt: any kind, never created (a NIC, a veth)
  std::optional<MacAddress> mac;            // nullopt: leave the MAC alone
  int mtu = 1500;
  bool admin_up = true;
  std::string master;                       // "" = not enslaved
  std::string parent;                       // vlan
  int vlan_id = 0;                          // vlan
  std::optional<kernel::BondAttributes> bond;
};

struct DesiredState {
  std::vector<DesiredLink> links;           // dependency order: NICs, bonds, VLANs
  std::vector<kernel::Address> addresses;
  std::vector<kernel::Route> routes;        // on-link routes before routes via a gateway
  std::vector<kernel::Rule> rules;
  std::vector<kernel::Neighbour> neighbours;  // permanent entries
  std::map<std::string, std::string> sysctls;
  const DesiredLink* find_link(const std::string& name) const;
};

// How a planned NIC was found on this host.
struct NicMatch {
  std::string planned_name;
  std::string actual_name;
  bool by_mac = false;
};

struct DesiredStateResult {
  std::optional<DesiredState> state;        // absent when a planned NIC is missing
  std::vector<NicMatch> nic_matches;
  Diagnostics diagnostics;                  // missing NICs (errors), NICs found under another name (warnings)
};

// A NIC found by MAC under another name keeps its current name: renaming a live NIC would need it
// down (a bounce) and would break every other tool that knows it by that name. The plan's
// references to the planned name (members, VLAN parents, addresses, routes, neighbours, sysctl
// keys) are rewritten to the current name.
DesiredStateResult desired_state(const plan::HostPlan& host, const std::vector<kernel::Link>& actual_links);

// Kernel spelling of the plan's bond settings; fields the mode ignores stay empty.
kernel::BondAttributes bond_attributes(const plan::BondSettings& settings);
// True when `actual` carries every attribute `desired` sets that matters for its mode.
bool bond_attributes_match(const kernel::BondAttributes& desired, const kernel::BondAttributes& actual);

// A sysctl key with its interface component renamed (net.ipv4.conf.eno1.arp_filter -> ...ens3...).
std::string rename_sysctl_interface(const std::string& key, const std::string& from, const std::string& to);

}  // namespace netkeel::apply
