#pragma once
// SwitchInstance -> the one ovs-vsctl transaction that builds its bridge: ports with their 802.1Q
// settings, LACP bonds, RSTP, layer-3 gateway ports. Pure, so the exact switch configuration is
// unit-tested; the runner only executes it.
#include <string>
#include <vector>

#include "netkeel/lab/lab_topology.hpp"

namespace netkeel::lab {

inline constexpr const char* kLabBridge = "br0";

// Port columns for 802.1Q: access VLAN V -> tag=V; untagged-only -> trunks=0 (VLAN 0 is OVS's name for
// untagged frames); trunk -> trunks=LIST; trunk of every VLAN -> nothing.
std::vector<std::string> vlan_columns(const PortVlans& vlans);

// ovs-vsctl arguments (with "--" between commands) for the whole bridge.
std::vector<std::string> bridge_transaction(const SwitchInstance& sw);

}  // namespace netkeel::lab
