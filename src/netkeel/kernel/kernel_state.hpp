#pragma once
// What the kernel holds, as read through netlink: links, addresses, routes, rules, neighbours.
// Plain values, comparable, so a snapshot can be diffed against a plan or against another snapshot.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"

namespace netkeel::kernel {

struct BondAttributes {
  std::string mode;               // kernel spelling: "active-backup", "802.3ad", "balance-xor", ...
  int miimon_ms = 0;
  std::string lacp_rate;          // "fast" / "slow" (802.3ad only)
  std::string xmit_hash_policy;   // "layer2", "layer3+4", ...
  std::string primary;            // active-backup primary member name
  auto operator<=>(const BondAttributes&) const = default;
};

struct Link {
  int index = 0;
  std::string name;
  std::string kind;               // "" (physical/unknown), "bond", "vlan", "bridge", "veth", "dummy", "macvlan", ...
  MacAddress mac;
  int mtu = 1500;
  bool admin_up = false;
  bool carrier = false;
  std::string master;             // bond or bridge this link is enslaved to ("" = none)
  std::string parent;             // vlan, macvlan: lower link name
  int vlan_id = 0;
  std::optional<BondAttributes> bond;
  std::string macvlan_mode;       // macvlan: "private", "vepa", "bridge", "passthru", "source"
  auto operator<=>(const Link&) const = default;
};

struct Address {
  std::string interface;
  Ipv4Address address;
  int prefix_length = 32;
  auto operator<=>(const Address&) const = default;
};

struct Route {
  uint32_t table = 254;
  Ipv4Prefix destination;
  std::optional<Ipv4Address> gateway;
  std::string interface;
  std::optional<Ipv4Address> source;
  uint8_t protocol = 4;           // RTPROT_STATIC by default; netkeel uses plan::kRouteProtocol
  uint8_t scope = 0;              // RT_SCOPE_UNIVERSE; 253 = link
  uint32_t metric = 0;
  auto operator<=>(const Route&) const = default;
};

struct Rule {
  uint32_t priority = 0;
  Ipv4Prefix from;                // 0.0.0.0/0 = from all
  uint32_t table = 0;
  auto operator<=>(const Rule&) const = default;
};

enum class NeighbourState : uint16_t { permanent, reachable, stale, other };

struct Neighbour {
  std::string interface;
  Ipv4Address address;
  MacAddress mac;
  NeighbourState state = NeighbourState::permanent;
  auto operator<=>(const Neighbour&) const = default;
};

// What a link-creating call asks for. Physical NICs and veths are never created by netkeel.
struct LinkSpec {
  std::string name;
  std::string kind;               // "bond", "vlan", "bridge", "dummy", "macvlan"
  std::optional<MacAddress> mac;
  int mtu = 1500;
  std::string parent;             // vlan, macvlan
  int vlan_id = 0;                // vlan
  std::optional<BondAttributes> bond;
  std::string macvlan_mode;       // macvlan: "private", "vepa", "bridge", "passthru" ("" = vepa, the kernel's default)
  // false = `addrgenmode none`, set right after the create while the link is still down: the kernel gives
  // the link no IPv6 link-local address. Two hosts holding one MAC in turn must not both derive one
  // link-local address from it.
  bool ipv6_link_local = true;
};

// Changes to an existing link; only the fields that are set are changed.
struct LinkChange {
  std::optional<int> mtu;
  std::optional<MacAddress> mac;
  std::optional<bool> admin_up;
  std::optional<std::string> master;  // "" = release from its master
  std::optional<std::string> name;    // rename (NIC found by MAC under another name)
};

}  // namespace netkeel::kernel
