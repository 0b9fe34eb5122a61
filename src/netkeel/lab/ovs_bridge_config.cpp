#include "netkeel/lab/ovs_bridge_config.hpp"

#include <algorithm>
#include <set>

namespace netkeel::lab {

std::vector<std::string> vlan_columns(const PortVlans& vlans) {
  if (vlans.mode == PortVlans::Mode::access) {
    if (vlans.access_vlan == 0) return {"vlan_mode=trunk", "trunks=0"};
    return {"vlan_mode=access", "tag=" + std::to_string(vlans.access_vlan)};
  }
  if (vlans.trunks.empty()) return {};
  std::string list;
  for (int v : vlans.trunks) list += (list.empty() ? "" : ",") + std::to_string(v);
  return {"vlan_mode=trunk", "trunks=" + list};
}

std::vector<std::string> bridge_transaction(const SwitchInstance& sw) {
  std::vector<std::string> args{"add-br", kLabBridge, "--", "set", "bridge", kLabBridge, "datapath_type=netdev"};
  if (sw.rstp) args.push_back("rstp_enable=true");
  auto append = [&](const std::vector<std::string>& more) { args.insert(args.end(), more.begin(), more.end()); };
  std::set<std::string> bonded;
  for (const auto& b : sw.bonds) bonded.insert(b.ports.begin(), b.ports.end());
  for (const auto& p : sw.ports) {
    if (p.routed || bonded.count(p.name)) continue;
    append({"--", "add-port", kLabBridge, p.name});
    append(vlan_columns(p.vlans));
    // Host-facing ports are edge ports: they forward at once instead of waiting for RSTP.
    if (sw.rstp && p.site_port != "uplink") append({"other_config:rstp-port-admin-edge=true"});
  }
  for (const auto& b : sw.bonds) {
    append({"--", "add-bond", kLabBridge, b.name});
    append(b.ports);
    if (b.lacp)
      append({"lacp=active", "bond_mode=balance-tcp", "other_config:lacp-time=fast"});
    else
      append({"lacp=off", "bond_mode=balance-slb"});
    append(vlan_columns(b.vlans));
    if (sw.rstp && b.peer.rfind("host ", 0) == 0) append({"other_config:rstp-port-admin-edge=true"});
  }
  for (const auto& g : sw.gateways) {
    PortVlans v;
    v.mode = PortVlans::Mode::access;
    v.access_vlan = g.vlan;
    append({"--", "add-port", kLabBridge, g.name});
    append(vlan_columns(v));
    append({"--", "set", "interface", g.name, "type=internal", "mtu_request=" + std::to_string(sw.mtu)});
  }
  return args;
}

}  // namespace netkeel::lab
