#include "netkeel/site/site_loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "netkeel/core/duration.hpp"
#include "netkeel/site/nesting_depth.hpp"
#include "netkeel/site/yaml_document_count.hpp"
#include "netkeel/site/yaml_reader.hpp"

namespace netkeel::site {
namespace {

// Far deeper than any site file (which nests about 6 levels), far shallower than what exhausts a stack.
constexpr int kMaxNestingDepth = 64;
constexpr int64_t kMinMtu = 576;   // the smallest MTU every IPv4 host must accept
constexpr int64_t kMaxMtu = 9216;  // the largest jumbo frame common switches carry

const std::vector<std::string> kTopKeys = {"site", "fabric", "switches", "networks", "hosts", "services", "coordination",
                                           "placement"};
const std::vector<std::string> kFabricKeys = {"layer", "mtu"};
const std::vector<std::string> kSwitchKeys = {"name", "rack", "lacp", "mlag_peer", "port_speed", "mtu", "uplinks", "asn"};
const std::vector<std::string> kNetworkKeys = {"vlan", "cidr", "gateway", "vips", "mtu", "encapsulation",
                                               "arp", "foreign_devices", "table", "default_route"};
const std::vector<std::string> kHostKeys = {"name", "id", "rack", "backend", "nics", "bond", "addresses", "weight"};
const std::vector<std::string> kNicKeys = {"name", "mac", "speed", "switch", "port", "mode", "networks"};
const std::vector<std::string> kBondKeys = {"name", "mode"};
const std::vector<std::string> kServiceKeys = {"name", "network", "port", "ports", "check", "depends_on", "vip", "hosts",
                                               "weight"};
const std::vector<std::string> kCheckKeys = {"tcp",      "http",    "exec", "link", "mesh", "dep",
                                             "interval", "timeout", "fall", "rise", "hold_down"};
constexpr const char* kCheckKinds = "{tcp: PORT}, {http: PATH}, {exec: COMMAND}, {link: true}, {mesh: true}, {dep: SERVICE@local|@any}";
const std::vector<std::string> kCoordinationKeys = {"etcd"};
const std::vector<std::string> kEtcdKeys = {"members", "network"};
const std::vector<std::string> kPlacementKeys = {"anti_affinity"};
constexpr int64_t kMaxPlacementWeight = 1000;

// Names end up in interface names, file names and routing-table comments: keep them plain.
bool is_plain_name(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  if (!std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

class SiteLoader {
 public:
  SiteLoader(const std::string& file, Diagnostics& diagnostics) : reader_(file, diagnostics) {}

  Site load(const YAML::Node& root) {
    Site site;
    site.file = reader_.file();
    reader_.read_mapping(root, "the site file", kTopKeys, site.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "site") {
        if (auto name = name_value(v, "site name")) site.name = *name;
      } else if (key == "fabric") {
        read_fabric(v, site.fabric);
      } else if (key == "switches") {
        reader_.read_sequence(v, "switches", [&](size_t i, const YAML::Node& item) {
          site.switches.push_back(read_switch(item, i));
        });
      } else if (key == "networks") {
        reader_.read_dictionary(v, "networks", site.marks, "networks.", [&](const std::string& name, const YAML::Node& item) {
          site.networks.push_back(read_network(item, name, site.marks.of("networks." + name)));
        });
      } else if (key == "hosts") {
        reader_.read_sequence(v, "hosts", [&](size_t i, const YAML::Node& item) {
          site.hosts.push_back(read_host(item, i));
        });
      } else if (key == "services") {
        reader_.read_sequence(v, "services", [&](size_t i, const YAML::Node& item) {
          site.services.push_back(read_service(item, i));
        });
      } else if (key == "coordination") {
        site.coordination = read_coordination(v);
      } else if (key == "placement") {
        read_placement(v, site.placement);
      }
    });
    if (root.IsMap() && !site.marks.has("site")) {
      reader_.error(root, "the site file has no 'site' name", "add a first line such as: site: my-cloud-1");
    }
    return site;
  }

 private:
  std::optional<std::string> name_value(const YAML::Node& node, const std::string& what) {
    auto name = reader_.string(node, what);
    if (name && !is_plain_name(*name)) {
      reader_.error(node, fmt::format("{} {} is not a plain name", what, quote_for_message(*name)),
                    "use letters, digits, '-', '_' and '.', starting with a letter or digit, at most 63 characters");
      return std::nullopt;
    }
    return name;
  }

  // "switch 'tor1'" when the entry has a readable name, else "switch #3".
  static std::string label(const YAML::Node& node, const std::string& kind, size_t index) {
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == "name" && it->second.IsScalar() &&
            is_plain_name(it->second.Scalar()))
          return fmt::format("{} '{}'", kind, it->second.Scalar());
      }
    }
    return fmt::format("{} #{}", kind, index + 1);
  }

  void require(const YAML::Node& node, const Marks& marks, const std::string& field, const std::string& what,
               const std::string& hint) {
    if (node.IsMap() && !marks.has(field)) reader_.error(node, fmt::format("{} has no '{}'", what, field), hint);
  }

  std::optional<int> mtu(const YAML::Node& node, const std::string& what) {
    auto value = reader_.integer(node, what, kMinMtu, kMaxMtu,
                                 "use an MTU from 576 to 9216 (1500 is standard Ethernet, 9000 is jumbo)");
    if (!value) return std::nullopt;
    return static_cast<int>(*value);
  }

  void read_fabric(const YAML::Node& node, Fabric& fabric) {
    reader_.read_mapping(node, "fabric", kFabricKeys, fabric.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "layer") {
        // Any whole number here; the validator explains why only 2 and 3 make sense.
        if (auto layer = reader_.integer(v, "fabric layer", 0, 1000, "use 2 (shared VLANs) or 3 (routed leaf-spine)"))
          fabric.layer = static_cast<int>(*layer);
      } else if (key == "mtu") {
        if (auto value = mtu(v, "fabric mtu")) fabric.mtu = *value;
      }
    });
  }

  Switch read_switch(const YAML::Node& node, size_t index) {
    Switch sw;
    const std::string what = label(node, "switch", index);
    reader_.read_mapping(node, what, kSwitchKeys, sw.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "name") {
        if (auto name = name_value(v, what + " name")) sw.name = *name;
      } else if (key == "rack") {
        if (auto rack = name_value(v, what + " rack")) sw.rack = *rack;
      } else if (key == "lacp") {
        if (auto lacp = reader_.boolean(v, what + " lacp")) sw.lacp = *lacp;
      } else if (key == "mlag_peer") {
        if (auto peer = name_value(v, what + " mlag_peer")) sw.mlag_peer = *peer;
      } else if (key == "port_speed") {
        if (auto speed = reader_.speed_mbps(v, what + " port_speed")) sw.port_speed_mbps = *speed;
      } else if (key == "mtu") {
        sw.mtu = mtu(v, what + " mtu");
      } else if (key == "uplinks") {
        sw.uplinks = reader_.string_list(v, what + " uplinks", sw.marks, "uplinks");
      } else if (key == "asn") {
        if (auto asn = reader_.integer(v, what + " asn", 1, std::numeric_limits<uint32_t>::max(),
                                       "use a BGP AS number from 1 to 4294967295 (private: 64512-65534)"))
          sw.asn = static_cast<uint32_t>(*asn);
      }
    });
    require(node, sw.marks, "name", what, "add name: <switch name>");
    return sw;
  }

  Network read_network(const YAML::Node& node, const std::string& name, SourceMark name_mark) {
    Network net;
    net.name = name;
    const std::string what = fmt::format("network '{}'", name);
    if (!is_plain_name(name)) {
      reader_.diagnostics().error(name_mark, fmt::format("network name {} is not a plain name", quote_for_message(name)),
                                  "use letters, digits, '-', '_' and '.', starting with a letter or digit");
    }
    reader_.read_mapping(node, what, kNetworkKeys, net.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "vlan") {
        if (auto vlan = reader_.integer(v, what + " vlan", 1, 4094,
                                        "use a VLAN id from 1 to 4094, or leave vlan out for an untagged network"))
          net.vlan = static_cast<int>(*vlan);
      } else if (key == "cidr") {
        if (v.IsMap()) {
          reader_.read_dictionary(v, what + " cidr", net.marks, "cidr.", [&](const std::string& rack, const YAML::Node& c) {
            if (auto prefix = reader_.ipv4_prefix(c, fmt::format("{} cidr of rack '{}'", what, rack)))
              net.rack_cidrs[rack] = *prefix;
          });
        } else {
          net.cidr = reader_.ipv4_prefix(v, what + " cidr");
        }
      } else if (key == "gateway") {
        if (v.IsMap()) {
          reader_.read_dictionary(v, what + " gateway", net.marks, "gateway.", [&](const std::string& rack, const YAML::Node& g) {
            if (auto address = reader_.ipv4_address(g, fmt::format("{} gateway of rack '{}'", what, rack)))
              net.rack_gateways[rack] = *address;
          });
        } else {
          net.gateway = reader_.ipv4_address(v, what + " gateway");
        }
      } else if (key == "vips") {
        net.vips = reader_.ipv4_range(v, what + " vips");
      } else if (key == "mtu") {
        net.mtu = mtu(v, what + " mtu");
      } else if (key == "encapsulation") {
        if (auto e = reader_.choice<Encapsulation>(v, what + " encapsulation",
                                                   {{"none", Encapsulation::none}, {"gre", Encapsulation::gre},
                                                    {"vxlan", Encapsulation::vxlan}}))
          net.encapsulation = *e;
      } else if (key == "arp") {
        if (auto a = reader_.choice<ArpPolicy>(v, what + " arp",
                                               {{"auto", ArpPolicy::automatic}, {"static", ArpPolicy::static_entries},
                                                {"long-timeout", ArpPolicy::long_timeout},
                                                {"default", ArpPolicy::kernel_default}}))
          net.arp = *a;
      } else if (key == "foreign_devices") {
        if (auto f = reader_.boolean(v, what + " foreign_devices")) net.foreign_devices = *f;
      } else if (key == "table") {
        read_table(v, what, net);
      } else if (key == "default_route") {
        if (auto d = reader_.boolean(v, what + " default_route")) net.default_route = *d;
      }
    });
    if (node.IsMap() && !net.marks.has("cidr")) {
      reader_.error(node, fmt::format("{} has no 'cidr'", what),
                    "add cidr: A.B.C.D/N (on a layer-3 fabric one per rack: cidr: {r1: ..., r2: ...})");
    }
    if (node.IsMap() && !net.marks.self.known()) net.marks.self = name_mark;
    return net;
  }

  void read_table(const YAML::Node& v, const std::string& what, Network& net) {
    auto table = reader_.integer(v, what + " table", 1, std::numeric_limits<uint32_t>::max(),
                                 "use a routing table id from 1 to 4294967295 other than 253-255");
    if (!table) return;
    if (*table >= 253 && *table <= 255) {
      reader_.error(v, fmt::format("{} table {} is reserved by the kernel (253 default, 254 main, 255 local)", what, *table),
                    "pick another id, e.g. 100 plus the network's position, or leave table out");
      return;
    }
    net.table = static_cast<uint32_t>(*table);
  }

  Host read_host(const YAML::Node& node, size_t index) {
    Host host;
    const std::string what = label(node, "host", index);
    reader_.read_mapping(node, what, kHostKeys, host.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "name") {
        if (auto name = name_value(v, what + " name")) host.name = *name;
      } else if (key == "id") {
        if (auto id = reader_.integer(v, what + " id", 1, std::numeric_limits<uint32_t>::max(),
                                      "use a whole number from 1 up; the host's addresses are the id-th of each subnet"))
          host.id = static_cast<uint32_t>(*id);
      } else if (key == "rack") {
        if (auto rack = name_value(v, what + " rack")) host.rack = *rack;
      } else if (key == "backend") {
        if (auto b = reader_.choice<Backend>(v, what + " backend", {{"kernel", Backend::kernel}, {"ovs", Backend::ovs}}))
          host.backend = *b;
      } else if (key == "nics") {
        reader_.read_sequence(v, what + " nics", [&](size_t i, const YAML::Node& item) {
          host.nics.push_back(read_nic(item, what, i));
        });
      } else if (key == "bond") {
        read_bond(v, what, host.bond);
      } else if (key == "addresses") {
        reader_.read_dictionary(v, what + " addresses", host.marks, "addresses.", [&](const std::string& net, const YAML::Node& a) {
          if (auto address = reader_.ipv4_address(a, fmt::format("{} address on network '{}'", what, net)))
            host.addresses[net] = *address;
        });
      } else if (key == "weight") {
        if (auto w = read_weight(v, what + " weight")) host.weight = *w;
      }
    });
    require(node, host.marks, "name", what, "add name: <host name>");
    require(node, host.marks, "id", what,
            "add id: N (a stable number from 1 up, unique per site or per rack on layer 3; addresses derive from it)");
    require(node, host.marks, "nics", what, "add nics: with one entry per cabled NIC");
    return host;
  }

  Nic read_nic(const YAML::Node& node, const std::string& host_what, size_t index) {
    Nic nic;
    const std::string what = host_what + " " + label(node, "NIC", index);
    reader_.read_mapping(node, what, kNicKeys, nic.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "name") {
        if (auto name = name_value(v, what + " name")) nic.name = *name;
      } else if (key == "mac") {
        nic.mac = reader_.mac_address(v, what + " mac");
      } else if (key == "speed") {
        nic.speed_mbps = reader_.speed_mbps(v, what + " speed");
      } else if (key == "switch") {
        if (auto sw = name_value(v, what + " switch")) nic.switch_name = *sw;
      } else if (key == "port") {
        if (auto port = reader_.string(v, what + " port")) nic.port = *port;
      } else if (key == "mode") {
        if (auto m = reader_.choice<NicMode>(v, what + " mode", {{"trunk", NicMode::trunk}, {"access", NicMode::access}}))
          nic.mode = *m;
      } else if (key == "networks") {
        nic.networks = reader_.string_list(v, what + " networks", nic.marks, "networks");
      }
    });
    require(node, nic.marks, "name", what, "add name: <interface name as the kernel shows it, e.g. eno1>");
    require(node, nic.marks, "switch", what, "add switch: <name of the switch this NIC is cabled to>");
    require(node, nic.marks, "port", what, "add port: <the switch port this NIC is cabled to, e.g. Eth1/1>");
    return nic;
  }

  void read_bond(const YAML::Node& node, const std::string& host_what, Bond& bond) {
    const std::string what = host_what + " bond";
    reader_.read_mapping(node, what, kBondKeys, bond.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "name") {
        if (auto name = name_value(v, what + " name")) bond.name = *name;
      } else if (key == "mode") {
        if (auto m = reader_.choice<BondModeOverride>(
                v, what + " mode",
                {{"auto", BondModeOverride::none}, {"802.3ad", BondModeOverride::lacp}, {"lacp", BondModeOverride::lacp},
                 {"active-backup", BondModeOverride::active_backup}, {"balance-xor", BondModeOverride::balance_xor}}))
          bond.mode = *m;
      }
    });
  }

  Service read_service(const YAML::Node& node, size_t index) {
    Service service;
    const std::string what = label(node, "service", index);
    reader_.read_mapping(node, what, kServiceKeys, service.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "name") {
        if (auto name = name_value(v, what + " name")) service.name = *name;
      } else if (key == "network") {
        if (auto net = name_value(v, what + " network")) service.network = *net;
      } else if (key == "port") {
        if (auto port = read_port(v, what + " port")) service.ports.push_back(*port);
      } else if (key == "ports") {
        reader_.read_sequence(v, what + " ports", [&](size_t i, const YAML::Node& item) {
          if (auto port = read_port(item, fmt::format("{} ports entry {}", what, i + 1))) {
            const SourceMark m = reader_.mark(item);
            service.marks.fields["ports." + std::to_string(service.ports.size())] = m.known() ? m : service.marks.of("ports");
            service.ports.push_back(*port);
          }
        });
      } else if (key == "check") {
        read_checks(v, what, service);
      } else if (key == "depends_on") {
        service.depends_on = reader_.string_list(v, what + " depends_on", service.marks, "depends_on");
      } else if (key == "vip") {
        service.vip = reader_.ipv4_address(v, what + " vip");
      } else if (key == "hosts") {
        service.hosts = reader_.string_list(v, what + " hosts", service.marks, "hosts");
      } else if (key == "weight") {
        if (auto w = read_weight(v, what + " weight")) service.weight = *w;
      }
    });
    require(node, service.marks, "name", what, "add name: <service name>");
    require(node, service.marks, "network", what, "add network: <the service network its VIP lives on>");
    if (service.marks.has("port") && service.marks.has("ports")) {
      reader_.diagnostics().error(service.marks.of("ports"), what + " gives both 'port' and 'ports'",
                                  "keep one: port: N for a single port, ports: [N, M] for several");
    }
    return service;
  }

  // A placement weight: a whole number from 1 to 1000 (0 or less would make the hashing meaningless).
  std::optional<int> read_weight(const YAML::Node& node, const std::string& what) {
    auto w = reader_.integer(node, what, 1, kMaxPlacementWeight,
                             "use a whole number from 1 to 1000; weights are relative (default 1)");
    if (!w) return std::nullopt;
    return static_cast<int>(*w);
  }

  void read_placement(const YAML::Node& node, Placement& placement) {
    reader_.read_mapping(node, "placement", kPlacementKeys, placement.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key != "anti_affinity") return;
      reader_.read_sequence(v, "placement anti_affinity", [&](size_t i, const YAML::Node& item) {
        AntiAffinityGroup group;
        group.marks.self = reader_.mark(item);
        group.services = reader_.string_list(item, fmt::format("placement anti_affinity group {}", i + 1), group.marks,
                                             "services");
        placement.anti_affinity.push_back(std::move(group));
      });
    });
  }

  std::optional<uint16_t> read_port(const YAML::Node& node, const std::string& what) {
    auto port = reader_.integer(node, what, 1, 65535, "use a TCP/UDP port from 1 to 65535");
    if (!port) return std::nullopt;
    return static_cast<uint16_t>(*port);
  }

  // `check:` is one mapping (the original form) or a list of them.
  void read_checks(const YAML::Node& node, const std::string& service_what, Service& service) {
    if (node.IsSequence()) {
      reader_.read_sequence(node, service_what + " check", [&](size_t i, const YAML::Node& item) {
        HealthCheck check;
        if (read_check(item, fmt::format("{} check {}", service_what, i + 1), check)) service.checks.push_back(check);
      });
      return;
    }
    HealthCheck check;
    if (read_check(node, service_what + " check", check)) service.checks.push_back(check);
  }

  // False when the mapping gave no usable kind (already reported).
  bool read_check(const YAML::Node& node, const std::string& what, HealthCheck& check) {
    int kinds = 0;
    bool kind_ok = false;
    reader_.read_mapping(node, what, kCheckKeys, check.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "interval" || key == "timeout") {
        if (auto ms = read_check_duration(v, what + " " + key, 10)) (key == "interval" ? check.interval : check.timeout) = *ms;
        return;
      }
      if (key == "hold_down") {
        if (auto ms = read_check_duration(v, what + " hold_down", 0)) check.hold_down = *ms;
        return;
      }
      if (key == "fall" || key == "rise") {
        if (auto n = reader_.integer(v, what + " " + key, 1, 100, "give how many results in a row change the state, 1 to 100"))
          (key == "fall" ? check.fall : check.rise) = static_cast<int>(*n);
        return;
      }
      if (++kinds > 1) {
        reader_.error(v, what + " gives more than one kind of check",
                      fmt::format("keep exactly one of {} per check; list several checks as check: [{{...}}, {{...}}]",
                                  kCheckKinds));
        kind_ok = false;
        return;
      }
      kind_ok = read_check_kind(key, v, what, check);
    });
    if (node.IsMap() && kinds == 0) {
      reader_.error(node, what + " is empty", fmt::format("give one of {}", kCheckKinds));
    }
    return kind_ok;
  }

  bool read_check_kind(const std::string& key, const YAML::Node& v, const std::string& what, HealthCheck& check) {
    if (key == "tcp") {
      auto port = read_port(v, what + " tcp");
      if (!port) return false;
      check.kind = HealthCheck::Kind::tcp;
      check.tcp_port = *port;
    } else if (key == "http") {
      auto path = reader_.string(v, what + " http");
      if (!path) return false;
      if (path->empty() || path->front() != '/') {
        reader_.error(v, fmt::format("{} http path {} does not start with '/'", what, quote_for_message(*path)),
                      fmt::format("write an absolute path such as /{}", *path));
        return false;
      }
      check.kind = HealthCheck::Kind::http;
      check.http_path = *path;
    } else if (key == "exec") {
      auto command = reader_.string(v, what + " exec");
      if (!command) return false;
      check.kind = HealthCheck::Kind::exec;
      check.exec_command = *command;
    } else if (key == "link" || key == "mesh") {
      auto on = reader_.boolean(v, what + " " + key);
      if (!on) return false;
      if (!*on) {
        reader_.error(v, fmt::format("{} {}: false turns the check off", what, key),
                      fmt::format("remove the check instead, or write {}: true", key));
        return false;
      }
      check.kind = key == "link" ? HealthCheck::Kind::link : HealthCheck::Kind::mesh;
    } else if (key == "dep") {
      auto target = reader_.string(v, what + " dep");
      if (!target) return false;
      const auto at = target->find('@');
      const std::string service = target->substr(0, at);
      const std::string scope = at == std::string::npos ? "any" : target->substr(at + 1);
      if (!is_plain_name(service) || (scope != "any" && scope != "local")) {
        reader_.error(v, fmt::format("{} dep {} is not SERVICE, SERVICE@local or SERVICE@any", what, quote_for_message(*target)),
                      "write the service's name, with @local for this host's instance or @any (the default) for any host's");
        return false;
      }
      check.kind = HealthCheck::Kind::dep;
      check.dep_service = service;
      check.dep_scope = scope == "local" ? HealthCheck::Scope::local : HealthCheck::Scope::any;
    }
    return true;
  }

  // A check's interval, timeout or hold-down: MIN_MS to 1h, written like 100ms, 2s.
  std::optional<std::chrono::milliseconds> read_check_duration(const YAML::Node& node, const std::string& what,
                                                               int64_t min_ms) {
    auto text = reader_.string(node, what);
    if (!text) return std::nullopt;
    const auto ms = parse_duration_ms(*text);
    if (!ms || *ms < min_ms || *ms > 3600 * 1000) {
      reader_.error(node, fmt::format("{} {} is not a duration from {} to 1h", what, quote_for_message(*text),
                                      min_ms == 0 ? "0s" : std::to_string(min_ms) + "ms"),
                    "write a whole number with a unit, such as 100ms or 2s");
      return std::nullopt;
    }
    return std::chrono::milliseconds(*ms);
  }

  Coordination read_coordination(const YAML::Node& node) {
    Coordination coordination;
    reader_.read_mapping(node, "coordination", kCoordinationKeys, coordination.marks,
                         [&](const std::string& key, const YAML::Node& v) {
                           if (key == "etcd") coordination.etcd = read_etcd(v);
                         });
    require(node, coordination.marks, "etcd", "coordination",
            "add etcd: {members: [HOST, HOST, HOST], network: NETWORK}, or remove the coordination section");
    return coordination;
  }

  EtcdCoordination read_etcd(const YAML::Node& node) {
    EtcdCoordination etcd;
    const std::string what = "coordination etcd";
    reader_.read_mapping(node, what, kEtcdKeys, etcd.marks, [&](const std::string& key, const YAML::Node& v) {
      if (key == "members") {
        etcd.members = reader_.string_list(v, what + " members", etcd.marks, "members");
      } else if (key == "network") {
        if (auto network = name_value(v, what + " network")) etcd.network = *network;
      }
    });
    require(node, etcd.marks, "members", what, "add members: [HOST, HOST, HOST], the hosts etcd runs on (3 or 5)");
    require(node, etcd.marks, "network", what, "add network: NETWORK, the network whose addresses etcd listens on");
    return etcd;
  }

  YamlReader reader_;
};

SourceMark mark_of(const YAML::Mark& m, const std::string& file) {
  if (m.line < 0 || m.column < 0) return SourceMark{file, 0, 0};
  return SourceMark{file, m.line + 1, m.column + 1};
}

}  // namespace

LoadResult load_site_from_string(const std::string& yaml_text, const std::string& file_name) {
  LoadResult result;
  if (auto deep = find_nesting_beyond(yaml_text, kMaxNestingDepth)) {
    result.diagnostics.error(SourceMark{file_name, deep->line, deep->column},
                             fmt::format("the document nests deeper than {} levels", kMaxNestingDepth),
                             "a site file nests about 6 levels; check for unbalanced [ or { brackets");
    return result;
  }
  YAML::Node document;
  std::optional<YAML::Mark> second_document;
  try {
    document = YAML::Load(yaml_text);
    second_document = second_document_start(yaml_text);
  } catch (const YAML::ParserException& e) {
    result.diagnostics.error(mark_of(e.mark, file_name), "YAML syntax error: " + e.msg,
                             "fix the YAML near this place (indentation, a missing ':' or an unclosed quote or bracket)");
    return result;
  } catch (const YAML::Exception& e) {
    result.diagnostics.error(mark_of(e.mark, file_name), "cannot read the YAML: " + e.msg,
                             "fix the YAML near this place");
    return result;
  }
  if (second_document) {
    result.diagnostics.error(mark_of(*second_document, file_name),
                             "the file holds more than one YAML document (or stray text after the first)",
                             "keep one site per file: remove the '---' separator and what follows, or the stray "
                             "characters here");
  }
  if (document.IsNull()) {
    result.diagnostics.error(SourceMark{file_name, 1, 1}, "the site file is empty",
                             "start from one of the examples in examples/sites/");
    result.diagnostics.sort();
    return result;
  }
  try {
    SiteLoader loader(file_name, result.diagnostics);
    result.site = loader.load(document);
  } catch (const YAML::Exception& e) {
    // Reading only iterates and inspects nodes; this guards against yaml-cpp surprises on odd input.
    result.diagnostics.error(mark_of(e.mark, file_name), "cannot read the YAML: " + e.msg, "fix the YAML near this place");
  }
  result.diagnostics.sort();
  return result;
}

LoadResult load_site_from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.diagnostics.error(SourceMark{path, 0, 0}, fmt::format("cannot open the site file: {}", std::strerror(errno)),
                             "check the path and the file's permissions");
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_site_from_string(text.str(), path);
}

}  // namespace netkeel::site
