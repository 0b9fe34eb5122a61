#pragma once
// The planner's output: every host's network, fully derived, ready for the renderers and `apply`.
// Pure data. Every list is in a deterministic order (documented in docs/planning.md) so the same site
// always yields byte-identical renders.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

inline constexpr int kSchemaVersion = 1;
// Routes netkeel installs carry this protocol number (see /etc/iproute2/rt_protos), so --prune can
// tell netkeel's routes from everyone else's.
inline constexpr uint8_t kRouteProtocol = 140;
// Policy rules netkeel installs use priorities in [kRulePriorityFirst, kRulePriorityLast].
inline constexpr uint32_t kRulePriorityFirst = 1000;
inline constexpr uint32_t kRulePriorityLast = 1999;

enum class LinkKind { physical, bond, vlan };
enum class BondMode { active_backup, lacp, balance_xor };  // lacp = 802.3ad
enum class ArpMode { static_entries, long_timeout, kernel_default };

struct BondSettings {
  BondMode mode = BondMode::active_backup;
  int miimon_ms = 100;
  std::string lacp_rate = "fast";            // 802.3ad only
  std::string xmit_hash_policy = "layer3+4"; // 802.3ad / balance-xor only
  std::string primary;                        // active-backup: preferred member (first NIC)
};

struct LinkPlan {
  std::string name;
  LinkKind kind = LinkKind::physical;
  std::optional<MacAddress> match_mac;  // physical: the NIC is found by this MAC when given
  std::optional<MacAddress> mac;        // logical links: the deterministic MAC netkeel sets
  int mtu = 1500;
  std::string master;                   // physical: the bond it is enslaved to, if any
  std::string parent;                   // vlan: the link it is stacked on
  int vlan_id = 0;                      // vlan only
  std::optional<BondSettings> bond;     // bond only
  std::vector<std::string> members;     // bond only: member NIC names, in site-file order
  std::vector<std::string> networks;    // networks whose addresses live on this link
};

struct AddressPlan {
  std::string interface;
  Ipv4Address address;
  int prefix_length = 24;
  std::string network;
};

struct RoutePlan {
  std::string network;
  Ipv4Prefix destination;               // 0.0.0.0/0 for a default route
  std::optional<Ipv4Address> gateway;   // none = on-link (scope link)
  std::string interface;
  uint32_t table = 254;                 // 254 = main
  std::optional<Ipv4Address> source;   // preferred source address
};

struct RulePlan {
  uint32_t priority = kRulePriorityFirst;
  Ipv4Prefix from;                      // host address /32
  uint32_t table = 0;
  std::string network;
};

struct NeighbourPlan {
  std::string interface;
  Ipv4Address address;
  MacAddress mac;
  std::string network;
  std::string owner;                    // "host node2" or "vip keystone": who the entry points at
};

struct SysctlPlan {
  std::string key;                      // dotted form, e.g. net.ipv4.conf.bond0/10.arp_filter
  std::string value;
  std::string reason;                   // one line: why netkeel sets it
};

// One network as seen from one host.
struct HostNetworkPlan {
  std::string network;
  std::string interface;                // where the address lives
  Ipv4Address address;
  Ipv4Prefix subnet;                    // the subnet this host is in (its rack's, on layer 3)
  std::optional<Ipv4Address> gateway;
  int mtu = 1500;
  std::optional<int> vlan;
  bool tagged = false;                  // false: untagged segment (access port or native VLAN)
  uint32_t table = 0;
  ArpMode arp = ArpMode::static_entries;
};

struct HostPlan {
  std::string name;
  uint32_t id = 0;
  std::string rack;
  site::Backend backend = site::Backend::kernel;
  std::string bond_reason;              // why this bond mode, or why there is no bond
  std::vector<LinkPlan> links;          // dependency order: physical NICs, bonds, VLANs
  std::vector<HostNetworkPlan> networks;
  std::vector<AddressPlan> addresses;
  std::vector<RoutePlan> routes;
  std::vector<RulePlan> rules;
  std::vector<NeighbourPlan> neighbours;
  std::vector<SysctlPlan> sysctls;
  const LinkPlan* find_link(const std::string& name) const;
};

struct NetworkPlan {
  std::string name;
  std::optional<int> vlan;
  std::vector<Ipv4Prefix> subnets;                // layer 2: one; layer 3: one per rack
  std::map<std::string, Ipv4Prefix> rack_subnets; // layer 3 only
  std::optional<Ipv4Address> gateway;             // layer 2
  std::map<std::string, Ipv4Address> rack_gateways;
  int mtu = 1500;
  std::optional<int> tenant_mtu;                  // GRE/VXLAN networks: what tenants get
  site::Encapsulation encapsulation = site::Encapsulation::none;
  ArpMode arp = ArpMode::static_entries;
  std::string arp_reason;
  uint32_t table = 0;
  std::optional<Ipv4Range> vip_range;
};

struct VipPlan {
  std::string service;
  std::string network;
  Ipv4Address address;
  int prefix_length = 32;
  MacAddress mac;                                  // deterministic, per service
  std::vector<uint16_t> ports;
};

// Layer 3 fabrics: which leaf each host would announce a service VIP to (data only for now).
struct BgpAnnouncement {
  std::string host;
  std::string service;
  Ipv4Prefix prefix;                               // VIP /32
  std::string leaf;                                // the host's ToR
  std::optional<Ipv4Address> peer;                 // the rack gateway on that network
  std::optional<uint32_t> leaf_asn;
};

// etcd's standard ports: members serve clients on one and talk raft to each other on the other.
inline constexpr uint16_t kEtcdClientPort = 2379;
inline constexpr uint16_t kEtcdPeerPort = 2380;

struct EtcdMemberPlan {
  std::string name;                                // the host it runs on; also the etcd member name
  Ipv4Address address;                             // the host's address on the coordination network
  std::string client_url;                          // http://ADDR:2379
  std::string peer_url;                            // http://ADDR:2380
};

// Where the coordination store runs (the site file's `coordination`), ready for the keepers (client
// URLs) and for rendering each member's configuration.
struct CoordinationPlan {
  std::string network;
  std::vector<EtcdMemberPlan> etcd_members;        // site-file order
  const EtcdMemberPlan* find_member(const std::string& host) const;
};

struct ClusterPlan {
  int schema_version = kSchemaVersion;
  std::string site;
  int fabric_layer = 2;
  int fabric_mtu = 1500;
  std::vector<NetworkPlan> networks;               // site-file order
  std::vector<HostPlan> hosts;                     // site-file order
  std::vector<VipPlan> vips;                       // site-file order of services
  std::vector<BgpAnnouncement> bgp;
  std::optional<CoordinationPlan> coordination;   // absent when the site file has no coordination section
  Diagnostics findings;                            // warnings (and errors such as MAC collisions)

  const HostPlan* find_host(const std::string& name) const;
  const NetworkPlan* find_network(const std::string& name) const;
};

std::string to_string(LinkKind k);
std::string to_string(BondMode m);   // kernel spelling: active-backup, 802.3ad, balance-xor
std::string to_string(ArpMode m);    // static, long-timeout, default

}  // namespace netkeel::plan
