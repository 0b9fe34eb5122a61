#pragma once
// Site + ClusterPlan -> the emulation to build: which namespaces, which veth pairs (with names and MACs
// on each end), which switch instances with which ports, VLANs, LACP bonds and routes. Pure: no I/O.
// The lab runner turns this into `ip`/`ovs-vsctl` calls; `lab status` prints it.
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::lab {

// What the kernel the lab runs on can build itself; the rest goes to the OVS host backend.
struct KernelFeatures {
  bool bonding = false;  // the bonding driver
  bool vlan = false;     // 802.1q
};

struct LabHost {
  std::string name;
  std::string netns;
  site::Backend backend = site::Backend::kernel;
  std::string backend_reason;   // one line for `lab status`
};

struct VethEnd {
  std::string netns;
  std::string ifname;           // <= 15 characters, unique in its namespace
  MacAddress mac;
};

enum class LinkRole { cable, uplink };

// One veth pair. A cable joins a host NIC (end `a`) to a switch port (end `b`); an uplink joins two
// switch instances.
struct LabLink {
  std::string id;               // "node1:eno1" for a cable, "tor1>spine1#1" for an uplink
  LinkRole role = LinkRole::cable;
  VethEnd a;
  VethEnd b;
  int mtu = 1500;
};

// 802.1Q behaviour of a switch port. VLAN 0 stands for untagged frames (OVS's convention).
struct PortVlans {
  enum class Mode { access, trunk } mode = Mode::trunk;
  int access_vlan = 0;          // access: the VLAN untagged frames belong to (0 = untagged segment)
  std::vector<int> trunks;      // trunk: VLANs carried, sorted; 0 = untagged; empty = every VLAN
  bool operator==(const PortVlans&) const = default;
};

struct SwitchPort {
  std::string name;             // veth end and OVS port name: p<n> for cables, u<n> for uplinks
  std::string member;           // the site switch this port belongs to (one ToR of an MLAG pair)
  std::string site_port;        // port name from the site file ("Eth1/1"); "uplink" for uplinks
  std::string peer;             // "node1:eno1" or the switch instance at the other end
  std::string link_id;          // the LabLink this port is an end of
  PortVlans vlans;
  bool routed = false;          // layer-3 uplink: an addressed interface, not a bridge port
  std::optional<Ipv4Prefix> address;  // routed only (address kept as written, e.g. 100.64.0.0/31)
};

// Ports bundled into one OVS bond: a host's 802.3ad bond, a static LAG, or parallel uplinks.
struct SwitchBond {
  std::string name;             // OVS port name of the bond
  std::vector<std::string> ports;
  bool lacp = true;             // false: static LAG (balance-slb without LACP)
  std::string peer;             // "host node1" or the switch instance at the other end
  PortVlans vlans;
};

// A gateway on one VLAN: an OVS internal port holding gateway addresses (a layer-3 leaf's rack
// gateways; on layer 2, the site router's gateways, emulated on the first switch instance).
struct GatewayInterface {
  std::string name;             // gw<vlan>
  int vlan = 0;                 // 0 = untagged
  std::vector<Ipv4Prefix> addresses;  // address kept as written, length = the rack subnet's
};

struct StaticRoute {
  Ipv4Prefix destination;
  std::vector<Ipv4Address> via; // several = ECMP
};

// One OVS instance: a site switch, or both switches of an MLAG pair.
struct SwitchInstance {
  std::string name;             // "sw1", or "tor1+tor2" for an MLAG pair
  std::string netns;
  std::vector<std::string> members;  // site switches it emulates
  int mtu = 1500;
  std::vector<SwitchPort> ports;
  std::vector<SwitchBond> bonds;
  bool rstp = false;            // the layer-2 uplink graph has a loop
  bool routing = false;         // forwards between its gateways (and, on layer 3, routed uplinks)
  std::vector<GatewayInterface> gateways;
  std::vector<StaticRoute> routes;
  const SwitchPort* find_port(const std::string& port_name) const;
};

struct LabTopology {
  std::string lab;
  std::string site;
  int fabric_layer = 2;
  std::vector<LabHost> hosts;         // site order
  std::vector<SwitchInstance> switches;  // site order of their first member
  std::vector<LabLink> links;         // cables (host order, NIC order), then uplinks
  const LabHost* find_host(const std::string& name) const;
  const SwitchInstance* find_switch(const std::string& name) const;
  // The instance that emulates a site switch (an MLAG member maps to its pair's instance).
  const SwitchInstance* instance_of(const std::string& site_switch) const;
  // Every namespace the lab creates: hosts first, then switches.
  std::vector<std::string> namespaces() const;
};

struct TopologyResult {
  std::optional<LabTopology> topology;  // absent when diagnostics has errors
  Diagnostics diagnostics;
};

// `site` must be valid and `plan` its plan. `lab` must satisfy is_valid_lab_name().
TopologyResult build_lab_topology(const site::Site& site, const plan::ClusterPlan& plan,
                                  const std::string& lab, const KernelFeatures& kernel);

// Lab names: 1-20 of [a-z0-9-], starting with a letter or digit (they become namespace names).
bool is_valid_lab_name(const std::string& lab);
// "nk-<lab>-<node>": the namespace of a host or switch instance.
std::string lab_namespace(const std::string& lab, const std::string& node);

}  // namespace netkeel::lab
