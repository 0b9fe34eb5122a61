#pragma once
// A piece of the network a probe can cross, named in the site file's own words: the thing an operator
// replaces or calls about when localization points at it (docs/diagnose.md, "Components").
#include <optional>
#include <string>
#include <string_view>

namespace netkeel::analyze {

enum class ComponentKind {
  host,         // ctl2: the host itself (its stack, its agent), crossed by every probe to or from it
  nic,          // ctl2:eno1: the only NIC that carries the network on its host
  bond_member,  // ctl2:eno1: one of 2+ NICs that carry the network (a probe flow takes one of them)
  cable,        // ctl2:eno1<->tor1:Eth1/3
  switch_port,  // tor1:Eth1/3
  switch_,      // tor1
  uplink,       // tor1<->spine1 (an uplink, or the peer link of an MLAG pair)
  network,      // mgmt: crossed by every probe on it (a VLAN or MTU mistake, a gateway)
};

// "host", "nic", "bond-member", "cable", "switch-port", "switch", "uplink", "network".
std::string to_string(ComponentKind kind);
std::optional<ComponentKind> parse_component_kind(std::string_view text);

struct NetworkComponent {
  ComponentKind kind = ComponentKind::host;
  std::string name;
  // For nic, bond-member, cable and switch-port: the host NIC at its end (its local counters split them).
  std::string host;
  std::string nic;
  std::string switch_name;  // for switch-port: the switch it belongs to
  bool operator==(const NetworkComponent&) const = default;
};

std::string cable_name(const std::string& host, const std::string& nic, const std::string& switch_name,
                       const std::string& port);
// The two switches in the order given: the uplink's own switch first, the switch it goes up to second.
std::string uplink_name(const std::string& from_switch, const std::string& to_switch);

}  // namespace netkeel::analyze
