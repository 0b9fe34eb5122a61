#include "netkeel/plan/cluster_plan.hpp"

#include "netkeel/core/find_by_name.hpp"

namespace netkeel::plan {

const LinkPlan* HostPlan::find_link(const std::string& n) const { return find_by_name(links, n); }
const HostPlan* ClusterPlan::find_host(const std::string& n) const { return find_by_name(hosts, n); }
const NetworkPlan* ClusterPlan::find_network(const std::string& n) const { return find_by_name(networks, n); }
const EtcdMemberPlan* CoordinationPlan::find_member(const std::string& host) const {
  return find_by_name(etcd_members, host);
}

std::string to_string(LinkKind k) {
  switch (k) {
    case LinkKind::physical: return "physical";
    case LinkKind::bond: return "bond";
    case LinkKind::vlan: return "vlan";
  }
  return "?";
}

std::string to_string(BondMode m) {
  switch (m) {
    case BondMode::active_backup: return "active-backup";
    case BondMode::lacp: return "802.3ad";
    case BondMode::balance_xor: return "balance-xor";
  }
  return "?";
}

std::string to_string(ArpMode m) {
  switch (m) {
    case ArpMode::static_entries: return "static";
    case ArpMode::long_timeout: return "long-timeout";
    case ArpMode::kernel_default: return "default";
  }
  return "?";
}

}  // namespace netkeel::plan
