#pragma once
// The Open vSwitch objects netkeel's OVS host backend manages: one bridge and its ports, with only
// the columns netkeel sets. Read from OVSDB, or derived from the plan (ovs_backend.hpp), and the
// typed changes between two of them with their diff lines:
//   + ovs bridge nk-br0 (datapath netdev)
//   + ovs bond bond0-lag [eno1 eno2] lacp active, balance-tcp, lacp-time fast
//   + ovs port bond0.10 internal tag 10, mtu 1500, mac ...
//   ~ ovs port bond0.10 tag 10 -> 20
//   - ovs port bond0.30
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "netkeel/core/mac_address.hpp"

namespace netkeel::apply {

enum class OvsPortKind { plain, bond, internal };

struct OvsPort {
  std::string name;
  OvsPortKind kind = OvsPortKind::plain;
  std::vector<std::string> interfaces;  // bond: its members, sorted; plain and internal: {name}
  std::optional<int> tag;               // access VLAN
  std::string vlan_mode;                // "" = OVS's default
  std::vector<int> trunks;              // empty = every VLAN; {0} = untagged frames only
  std::string lacp;                     // bond: active | passive | off ("" = unset)
  std::string bond_mode;                // bond: balance-tcp | balance-slb | active-backup
  std::string lacp_time;                // bond: other_config:lacp-time (fast | slow | "")
  std::string primary;                  // active-backup bond: other_config:bond-primary ("" = none)
  std::optional<MacAddress> mac;        // internal: Interface mac
  std::optional<int> mtu;               // internal: Interface mtu_request
  bool operator==(const OvsPort&) const = default;
};

struct OvsBridge {
  std::string name;
  std::string datapath_type;            // netdev for the userspace datapath
  std::vector<OvsPort> ports;           // sorted by name; the bridge's own local port is left out
  bool operator==(const OvsBridge&) const = default;
  const OvsPort* find_port(const std::string& name) const;
};

struct AddOvsBridge { std::string name; std::string datapath_type; };
struct DeleteOvsBridge { OvsBridge bridge; };
struct AddOvsPort { std::string bridge; OvsPort port; };
struct DeleteOvsPort { std::string bridge; OvsPort port; };
// Sets every managed column of an existing port to `port`'s values (`before`: as read).
struct SetOvsPort { std::string bridge; OvsPort port; OvsPort before; };

using OvsChange = std::variant<AddOvsBridge, DeleteOvsBridge, AddOvsPort, DeleteOvsPort, SetOvsPort>;

std::string describe(const OvsPort& port);
std::string describe(const OvsChange& change);

}  // namespace netkeel::apply
