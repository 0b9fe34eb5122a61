#pragma once
// The site-file model: what the operator wrote, after YAML parsing and type checking, before planning.
// Every struct keeps the mark of its YAML node and of each field it was given (field_marks), so the
// validator and the planner can point at FILE:LINE:COL. Defaults are documented in docs/site-file.md.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"

namespace netkeel::site {

// Where each field of one YAML mapping was written. mark_of() falls back to the mapping itself.
struct Marks {
  SourceMark self;
  std::map<std::string, SourceMark> fields;
  SourceMark of(const std::string& field) const {
    auto it = fields.find(field);
    return it == fields.end() ? self : it->second;
  }
  bool has(const std::string& field) const { return fields.count(field) > 0; }
};

struct Fabric {
  int layer = 2;       // 2: hosts share VLANs across racks; 3: leaf-spine, per-rack subnets
  int mtu = 1500;      // largest frame every switch port on the path carries
  Marks marks;
};

struct Switch {
  std::string name;
  std::optional<std::string> rack;
  bool lacp = false;                      // the switch can form LACP LAGs
  std::optional<std::string> mlag_peer;   // MLAG / VPC peer switch name (must be mutual)
  uint64_t port_speed_mbps = 1000;        // default speed of its ports
  std::optional<int> mtu;                 // largest frame its ports carry; default fabric.mtu
  std::vector<std::string> uplinks;       // switches this one connects up to
  std::optional<uint32_t> asn;            // layer 3: BGP AS of this leaf (VIP announcements)
  Marks marks;
};

enum class Encapsulation { none, gre, vxlan };
enum class ArpPolicy { automatic, static_entries, long_timeout, kernel_default };

struct Network {
  std::string name;
  std::optional<int> vlan;                          // none = untagged (native)
  std::optional<Ipv4Prefix> cidr;                   // layer 2 (or a single-rack layer 3)
  std::map<std::string, Ipv4Prefix> rack_cidrs;     // layer 3: rack -> subnet
  std::optional<Ipv4Address> gateway;               // layer 2 gateway
  std::map<std::string, Ipv4Address> rack_gateways; // layer 3 gateways (default: first address)
  std::optional<Ipv4Range> vips;                    // VIP pool for services on this network
  std::optional<int> mtu;                           // default: min(1500, fabric.mtu)
  Encapsulation encapsulation = Encapsulation::none;
  ArpPolicy arp = ArpPolicy::automatic;             // automatic: static unless foreign devices
  bool foreign_devices = false;                     // devices netkeel does not own live here
  std::optional<uint32_t> table;                    // routing table id; default 100 + index
  bool default_route = false;                       // install the default route via this gateway
  Marks marks;
};

enum class NicMode { trunk, access };

struct Nic {
  std::string name;
  std::optional<MacAddress> mac;          // used to find the NIC on the host; name otherwise
  std::optional<uint64_t> speed_mbps;     // default: the switch's port_speed
  std::string switch_name;
  std::string port;
  NicMode mode = NicMode::trunk;
  std::vector<std::string> networks;      // trunk: subset to carry (empty = all); access: required
  Marks marks;
};

enum class Backend { kernel, ovs };
enum class BondModeOverride { none, lacp, active_backup, balance_xor };

struct Bond {
  std::string name = "bond0";
  BondModeOverride mode = BondModeOverride::none;  // none: derived from cabling
  Marks marks;
};

struct Host {
  std::string name;
  uint32_t id = 0;                        // stable index; addresses derive from it
  std::optional<std::string> rack;
  Backend backend = Backend::kernel;
  std::vector<Nic> nics;
  Bond bond;
  std::map<std::string, Ipv4Address> addresses;  // network -> explicit address
  int weight = 1;                         // VIP placement: this host's share of the VIPs, relative to others
  Marks marks;
};

// One health check of a service (docs/site-file.md, "Health checks"). A service may have several; the
// keeper counts each on its own (fall/rise, then flap hold-down) and judges the instance from all of them.
struct HealthCheck {
  enum class Kind {
    none,
    tcp,   // a connection to 127.0.0.1:tcp_port is accepted
    http,  // GET http://127.0.0.1:<first port><http_path> answers 2xx/3xx
    exec,  // exec_command exits 0
    link,  // a NIC carrying the service's network has carrier (netlink link events)
    mesh,  // the host reaches a quorum of its peers on the service's network (the agent's probes)
    dep,   // another service is healthy: on this host (@local) or anywhere (@any)
  } kind = Kind::none;
  enum class Scope { any, local };
  uint16_t tcp_port = 0;
  std::string http_path;
  std::string exec_command;
  std::string dep_service;    // dep: the service depended on
  Scope dep_scope = Scope::any;
  // Timing (docs/site-file.md): fast enough that a dead service gives up its VIP in well under a second,
  // and `fall`/`rise` consecutive results before the state changes, so one slow answer moves nothing.
  std::chrono::milliseconds interval{100};
  std::chrono::milliseconds timeout{100};
  int fall = 2;
  int rise = 2;
  // A check that keeps changing state is held down (counted failing) for about this long after its
  // third quick failure, longer while it keeps flapping; 0 turns hold-down off.
  std::chrono::milliseconds hold_down{10000};
  Marks marks;

  // Own checks say whether this instance works; a dep check says whether what it needs does.
  bool is_own() const { return kind != Kind::dep && kind != Kind::none; }
};

std::string to_string(HealthCheck::Kind kind);
// "tcp 3306", "http /v3", "exec ...", "link", "mesh", "dep mysql@local": short, for reasons and labels.
std::string describe(const HealthCheck& check);

struct Service {
  std::string name;
  std::string network;
  std::vector<uint16_t> ports;
  std::vector<HealthCheck> checks;         // `check:` (one mapping, or a list of them)
  std::vector<std::string> depends_on;     // each one is also a dep check with scope any
  std::optional<Ipv4Address> vip;          // explicit VIP; default: stable pick from the pool
  std::vector<std::string> hosts;          // hosts that may run it; empty = any
  int weight = 1;                          // VIP placement: how much load its VIP counts on its holder
  Marks marks;
};

// Services that should run their VIPs on different hosts where the healthy hosts allow it (e.g. mysql and
// rabbitmq, so that one host's loss takes one of them, not both). Soft: never a reason to leave a VIP unheld.
struct AntiAffinityGroup {
  std::vector<std::string> services;
  Marks marks;                             // fields "services.N": each name's place
};

struct Placement {
  std::vector<AntiAffinityGroup> anti_affinity;
  Marks marks;
};

// Where the coordination store runs (optional). Today that is an etcd cluster on some of the site's
// hosts: the keepers of VIPs agree through it, and `netkeel render --format etcd` configures its members.
struct EtcdCoordination {
  std::vector<std::string> members;        // host names, in the order the cluster lists them
  std::string network;                     // members talk (clients and peers) on their address here
  Marks marks;
};

struct Coordination {
  std::optional<EtcdCoordination> etcd;
  Marks marks;
};

struct Site {
  std::string name;
  std::string file;                        // path it was loaded from (for diagnostics)
  Fabric fabric;
  std::vector<Switch> switches;
  std::vector<Network> networks;           // in file order (table ids default from this order)
  std::vector<Host> hosts;
  std::vector<Service> services;
  std::optional<Coordination> coordination;  // absent: nothing in this site file says where etcd runs
  Placement placement;                     // how VIPs spread over hosts (docs/site-file.md, `placement`)
  Marks marks;

  const Switch* find_switch(const std::string& n) const;
  const Network* find_network(const std::string& n) const;
  const Host* find_host(const std::string& n) const;
  const Service* find_service(const std::string& n) const;
};

std::string to_string(Encapsulation e);
std::string to_string(ArpPolicy p);
std::string to_string(NicMode m);
std::string to_string(Backend b);
std::string to_string(BondModeOverride m);

}  // namespace netkeel::site
