// The table of bad inputs: each starts from a valid site, changes a line or two, and asserts where
// the problem is reported (line, and column where it is stable), what the message says, and that a
// hint tells how to fix it.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "site/site_test_support.hpp"

namespace netkeel::site {
namespace {

using testing::check_text;

// Line numbers matter: the cases below refer to them.
const std::vector<std::string> kBaseLines = {
    /* 1 */ "site: test-site",
    /* 2 */ "fabric: {layer: 2, mtu: 9000}",
    /* 3 */ "switches:",
    /* 4 */ "  - {name: tor1, rack: r1, lacp: true, mlag_peer: tor2, port_speed: 10G}",
    /* 5 */ "  - {name: tor2, rack: r1, lacp: true, mlag_peer: tor1, port_speed: 10G}",
    /* 6 */ "networks:",
    /* 7 */ "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.1}",
    /* 8 */ "  api: {vlan: 20, cidr: 10.20.0.0/24, vips: 10.20.0.200-10.20.0.250}",
    /* 9 */ "hosts:",
    /* 10 */ "  - name: node1",
    /* 11 */ "    id: 11",
    /* 12 */ "    rack: r1",
    /* 13 */ "    nics:",
    /* 14 */ "      - {name: eno1, mac: \"3c:fd:fe:00:01:01\", switch: tor1, port: Eth1/1}",
    /* 15 */ "      - {name: eno2, mac: \"3c:fd:fe:00:01:02\", switch: tor2, port: Eth1/1}",
    /* 16 */ "  - name: node2",
    /* 17 */ "    id: 12",
    /* 18 */ "    rack: r1",
    /* 19 */ "    nics:",
    /* 20 */ "      - {name: eno1, mac: \"3c:fd:fe:00:02:01\", switch: tor1, port: Eth1/2}",
    /* 21 */ "      - {name: eno2, mac: \"3c:fd:fe:00:02:02\", switch: tor2, port: Eth1/2}",
    /* 22 */ "services:",
    /* 23 */ "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306}}",
    /* 24 */ "  - {name: keystone, network: api, port: 5000, check: {http: /v3}, depends_on: [mysql]}",
};

struct BadInput {
  std::string name;
  std::vector<std::pair<int, std::string>> edits;  // 1-based line -> its replacement (may span lines)
  int line;                                          // where the error must be reported
  std::string column_at;  // the error's column is where this text starts on that line ("" = not checked)
  std::string message;    // a substring of the error message
  std::string hint = {};  // a substring of the hint (the hint must be non-empty regardless)
};

// Readable test names in failure output instead of the struct's bytes.
void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

std::string build(const std::vector<std::pair<int, std::string>>& edits) {
  std::vector<std::string> lines = kBaseLines;
  for (const auto& [line, text] : edits) lines.at(line - 1) = text;
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

std::string line_of(const std::string& text, int number) {
  std::istringstream in(text);
  std::string line;
  for (int i = 0; i < number && std::getline(in, line); ++i) {
  }
  return line;
}

const std::string kL3Fabric = "fabric: {layer: 3, mtu: 9000}";
// Line 24 as it is, so a case can append lines after it.
const std::string kLastService = "  - {name: keystone, network: api, port: 5000, check: {http: /v3}, depends_on: [mysql]}\n";

const std::vector<BadInput> kBadInputs = {
    // --- loader: keys, types, values ---
    {"unknown_key_with_suggestion", {{4, "  - {name: tor1, rack: r1, lacp: true, mlag_peer: tor2, port_sped: 10G}"}}, 4,
     "port_sped", "unknown key 'port_sped'", "did you mean 'port_speed'?"},
    {"unknown_top_level_key", {{3, "switchs:"}}, 3, "switchs", "unknown key 'switchs'", "switches"},
    {"list_where_mapping_expected", {{7, "  mgmt: [10, 10.10.0.0/24]"}}, 7, "[", "must be a mapping", "key: value"},
    {"mapping_where_list_expected",
     {{24, "  - {name: keystone, network: api, port: 5000, depends_on: {mysql: true}}"}}, 24, "{mysql",
     "depends_on must be a list", ""},
    {"scalar_where_mapping_expected", {{2, "fabric: 2"}}, 2, "2", "fabric must be a mapping", ""},
    {"prefix_length_out_of_range", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/33, gateway: 10.10.0.1}"}}, 7,
     "10.10.0.0/33", "not a valid CIDR", "length 0-32"},
    {"cidr_without_length", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0, gateway: 10.10.0.1}"}}, 7, "10.10.0.0,",
     "not a valid CIDR", "prefix length"},
    {"cidr_with_host_bits", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.7/24, gateway: 10.10.0.1}"}}, 7, "10.10.0.7",
     "has host bits set", "10.10.0.0/24"},
    {"malformed_gateway", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.256}"}}, 7, "10.10.0.256",
     "not a valid IPv4 address", "dotted quad"},
    {"malformed_vip_range", {{8, "  api: {vlan: 20, cidr: 10.20.0.0/24, vips: 10.20.0.250-10.20.0.200}"}}, 8,
     "10.20.0.250", "not a valid address range", "swap"},
    {"malformed_mac", {{14, "      - {name: eno1, mac: \"3c:fd:fe:00:01\", switch: tor1, port: Eth1/1}"}}, 14,
     "\"3c:fd", "not a valid MAC address", "hex"},
    {"multicast_mac", {{14, "      - {name: eno1, mac: \"01:00:5e:00:01:01\", switch: tor1, port: Eth1/1}"}}, 14,
     "\"01:00", "multicast", ""},
    {"vlan_zero", {{7, "  mgmt: {vlan: 0, cidr: 10.10.0.0/24, gateway: 10.10.0.1}"}}, 7, "0,", "vlan 0 is out of range (1-4094)",
     "1 to 4094"},
    {"vlan_too_large", {{7, "  mgmt: {vlan: 4095, cidr: 10.10.0.0/24, gateway: 10.10.0.1}"}}, 7, "4095",
     "out of range (1-4094)", ""},
    {"vlan_not_a_number", {{7, "  mgmt: {vlan: ten, cidr: 10.10.0.0/24, gateway: 10.10.0.1}"}}, 7, "ten",
     "must be a whole number", ""},
    {"malformed_speed", {{4, "  - {name: tor1, rack: r1, lacp: true, mlag_peer: tor2, port_speed: 10X}"}}, 4, "10X",
     "not a valid speed", "10G"},
    {"port_out_of_range", {{23, "  - {name: mysql, network: api, port: 70000, check: {tcp: 3306}}"}}, 23, "70000",
     "port 70000 is out of range (1-65535)", ""},
    {"mtu_too_small", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.1, mtu: 100}"}}, 7, "100}",
     "mtu 100 is out of range (576-9216)", ""},
    {"unknown_nic_mode", {{14, "      - {name: eno1, mac: \"3c:fd:fe:00:01:01\", switch: tor1, port: Eth1/1, mode: trnk}"}},
     14, "trnk", "unknown value 'trnk'", "did you mean 'trunk'?"},
    {"unknown_arp_policy", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.1, arp: statik}"}}, 7, "statik",
     "unknown value 'statik'", "auto, static, long-timeout, default"},
    {"unknown_bond_mode", {{12, "    rack: r1\n    bond: {mode: roundrobin}"}}, 13, "roundrobin", "bond mode has an unknown value",
     "active-backup"},
    {"not_a_boolean", {{4, "  - {name: tor1, rack: r1, lacp: yes, mlag_peer: tor2, port_speed: 10G}"}}, 4, "yes",
     "must be true or false", "true or false"},
    {"reserved_routing_table", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.1, table: 254}"}}, 7, "254",
     "reserved by the kernel", ""},
    {"missing_site_name", {{1, "# no site line"}}, 2, "fabric", "no 'site' name", "site: "},
    {"missing_host_id", {{11, "    # id forgotten"}}, 10, "name", "has no 'id'", "id: N"},
    {"missing_nic_switch", {{14, "      - {name: eno1, mac: \"3c:fd:fe:00:01:01\", port: Eth1/1}"}}, 14, "{", "has no 'switch'",
     "switch:"},
    {"duplicate_yaml_key", {{12, "    id: 13"}}, 12, "id", "duplicate key 'id'", "remove one"},
    {"both_port_and_ports", {{23, "  - {name: mysql, network: api, port: 3306, ports: [3307]}"}}, 23, "[3307]",
     "both 'port' and 'ports'", ""},
    {"http_check_without_slash", {{24, "  - {name: keystone, network: api, port: 5000, check: {http: v3}}"}}, 24, "v3}",
     "does not start with '/'", "/v3"},
    {"two_kinds_of_check", {{23, "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306, exec: true}}"}}, 23, "true",
     "more than one kind of check", ""},
    {"check_interval_not_a_duration",
     {{23, "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306, interval: fast}}"}}, 23, "fast",
     "interval 'fast' is not a duration from 10ms to 1h", "100ms"},
    {"check_timeout_too_short", {{23, "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306, timeout: 1ms}}"}},
     23, "1ms", "timeout '1ms' is not a duration", ""},
    {"check_fall_zero", {{23, "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306, fall: 0}}"}}, 23, "0}",
     "fall", "1 to 100"},
    {"check_list_item_with_two_kinds",
     {{23, "  - {name: mysql, network: api, port: 3306, check: [{tcp: 3306}, {link: true, mesh: true}]}"}}, 23, "true}",
     "check 2 gives more than one kind of check", "check: [{...}, {...}]"},
    {"check_list_item_empty", {{23, "  - {name: mysql, network: api, port: 3306, check: [{tcp: 3306}, {}]}"}}, 23, "{}]",
     "check 2 is empty", "{link: true}"},
    {"check_unknown_kind", {{23, "  - {name: mysql, network: api, port: 3306, check: [{tcp: 3306}, {lnk: true}]}"}}, 23,
     "lnk", "unknown key 'lnk'", "link"},
    {"link_check_false", {{23, "  - {name: mysql, network: api, port: 3306, check: [{tcp: 3306}, {link: false}]}"}}, 23,
     "false", "link: false turns the check off", "remove the check"},
    {"dep_check_bad_scope", {{24, "  - {name: keystone, network: api, port: 5000, check: [{http: /v3}, {dep: mysql@here}]}"}},
     24, "mysql@here", "dep 'mysql@here' is not SERVICE, SERVICE@local or SERVICE@any", "@local"},
    {"dep_check_unknown_service",
     {{24, "  - {name: keystone, network: api, port: 5000, check: [{http: /v3}, {dep: mysqll@local}]}"}}, 24,
     "mysqll@local", "depends on 'mysqll', which is not a service", "did you mean 'mysql'?"},
    {"dep_check_cycle", {{23, "  - {name: mysql, network: api, port: 3306, check: [{tcp: 3306}, {dep: keystone}]}"}}, 24,
     "mysql]", "dependency cycle: mysql -> keystone -> mysql", "dep check"},
    {"dep_check_self", {{23, "  - {name: mysql, network: api, port: 3306, check: [{tcp: 3306}, {dep: mysql@any}]}"}}, 23,
     "mysql@any", "dependency cycle: mysql -> mysql", ""},
    {"dep_local_on_disjoint_hosts",
     {{23, "  - {name: mysql, network: api, port: 3306, hosts: [node1]}"},
      {24, "  - {name: keystone, network: api, port: 5000, hosts: [node2], check: {dep: mysql@local}}"}},
     24, "mysql@local", "needs 'mysql' on the same host (@local), but no host may run both", "mysql@any"},
    {"check_hold_down_not_a_duration",
     {{23, "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306, hold_down: forever}}"}}, 23, "forever",
     "hold_down 'forever' is not a duration from 0s to 1h", "2s"},
    {"http_check_without_port", {{24, "  - {name: keystone, network: api, check: {http: /v3}, depends_on: [mysql]}"}}, 24,
     "/v3", "has an http check but no port", "port: N"},
    {"yaml_syntax_error", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.1"}}, 8, "", "YAML syntax error",
     "fix the YAML"},
    {"name_with_spaces", {{10, "  - name: node one"}}, 10, "node one", "not a plain name", "letters, digits"},
    // --- validator: uniqueness ---
    {"duplicate_switch_name", {{5, "  - {name: tor1, rack: r1, lacp: true, mlag_peer: tor1, port_speed: 10G}"}}, 5, "tor1",
     "switch name 'tor1' is used twice", "own name"},
    {"duplicate_host_name", {{16, "  - name: node1"}}, 16, "node1", "host name 'node1' is used twice", ""},
    {"duplicate_service_name", {{24, "  - {name: mysql, network: api, port: 5000}"}}, 24, "mysql",
     "service name 'mysql' is used twice", ""},
    {"duplicate_nic_name", {{15, "      - {name: eno1, mac: \"3c:fd:fe:00:01:02\", switch: tor2, port: Eth1/1}"}}, 15, "eno1",
     "two NICs named 'eno1'", ""},
    {"duplicate_host_id", {{17, "    id: 11"}}, 17, "11", "host id 11 of 'node2' is already the id of 'node1'", "12 is free"},
    {"duplicate_mac", {{20, "      - {name: eno1, mac: \"3c:fd:fe:00:01:01\", switch: tor1, port: Eth1/2}"}}, 20, "\"3c",
     "MAC 3c:fd:fe:00:01:01 of node2 eno1 is already the MAC of node1 eno1", ""},
    {"duplicate_switch_port", {{20, "      - {name: eno1, mac: \"3c:fd:fe:00:02:01\", switch: tor1, port: Eth1/1}"}}, 20,
     "Eth1/1", "port Eth1/1 of switch 'tor1' is cabled twice", ""},
    // --- validator: subnets and addresses ---
    {"overlapping_subnets", {{8, "  api: {vlan: 20, cidr: 10.10.0.0/16, vips: 10.10.9.200-10.10.9.250}"}}, 8,
     "10.10.0.0/16", "overlaps subnet 10.10.0.0/24 of network 'mgmt'", "own subnet"},
    {"gateway_outside_subnet", {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.11.0.1}"}}, 7, "10.11.0.1",
     "outside its subnet", ""},
    {"vip_range_outside_subnet", {{8, "  api: {vlan: 20, cidr: 10.20.0.0/24, vips: 10.21.0.200-10.21.0.250}"}}, 8,
     "10.21.0.200", "not inside its subnet 10.20.0.0/24", ""},
    {"host_id_beyond_subnet", {{11, "    id: 300"}}, 11, "300", "does not fit in subnet", "1 to 254"},
    {"host_id_is_gateway", {{11, "    id: 1"}}, 11, "1", "which is the gateway", ""},
    {"host_id_in_vip_range", {{11, "    id: 210"}}, 11, "210", "inside the VIP range 10.20.0.200-10.20.0.250", ""},
    {"explicit_address_outside_subnet", {{12, "    rack: r1\n    addresses: {mgmt: 10.99.0.5}"}}, 13, "10.99.0.5",
     "address 10.99.0.5 of host 'node1' on network 'mgmt' is outside its subnet", ""},
    {"explicit_address_taken", {{18, "    rack: r1\n    addresses: {mgmt: 10.10.0.11}"}}, 19, "10.10.0.11",
     "is already the address of host 'node1'", ""},
    {"address_on_unknown_network", {{12, "    rack: r1\n    addresses: {mgnt: 10.10.0.50}"}}, 13, "10.10.0.50",
     "'mgnt', which is not a network", "did you mean 'mgmt'?"},
    {"service_vip_outside_subnet", {{23, "  - {name: mysql, network: api, port: 3306, vip: 10.30.0.5}"}}, 23, "10.30.0.5",
     "outside network 'api' subnet", ""},
    {"vip_range_too_small", {{8, "  api: {vlan: 20, cidr: 10.20.0.0/24, vips: 10.20.0.200-10.20.0.200}"}}, 8,
     "10.20.0.200", "holds 1 addresses but 2 services need one", "widen"},
    // --- validator: fabric and switches ---
    {"fabric_layer_four", {{2, "fabric: {layer: 4, mtu: 9000}"}}, 2, "4", "fabric layer 4 is not 2 or 3", ""},
    {"network_mtu_above_fabric", {{2, "fabric: {layer: 2, mtu: 1500}"}, {7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.1, mtu: 9000}"}},
     7, "9000}", "mtu 9000 is above the fabric mtu 1500", ""},
    {"switch_mtu_above_fabric", {{4, "  - {name: tor1, rack: r1, lacp: true, mlag_peer: tor2, port_speed: 10G, mtu: 9216}"}}, 4,
     "9216", "mtu 9216 is above the fabric mtu 9000", ""},
    {"mlag_peer_unknown", {{4, "  - {name: tor1, rack: r1, lacp: true, mlag_peer: tor9, port_speed: 10G}"}}, 4, "tor9",
     "mlag_peer 'tor9', which is not a switch", ""},
    {"mlag_peer_suggestion_is_never_the_switch_itself",
     {{4, "  - {name: tor1, rack: r1, lacp: true, mlag_peer: tor3, port_speed: 10G}"}}, 4, "tor3",
     "mlag_peer 'tor3', which is not a switch", "did you mean 'tor2'?"},
    {"mlag_peer_not_mutual", {{5, "  - {name: tor2, rack: r1, lacp: true, port_speed: 10G}"}}, 4, "tor2,",
     "but 'tor2' names no peer", "mlag_peer: tor1"},
    {"uplink_unknown", {{5, "  - {name: tor2, rack: r1, lacp: true, mlag_peer: tor1, port_speed: 10G, uplinks: [spine1]}"}},
     5, "spine1", "uplink 'spine1', which is not a switch", ""},
    {"two_default_routes",
     {{7, "  mgmt: {vlan: 10, cidr: 10.10.0.0/24, gateway: 10.10.0.1, default_route: true}"},
      {8, "  api: {vlan: 20, cidr: 10.20.0.0/24, gateway: 10.20.0.1, default_route: true}"}},
     8, "true", "both set default_route", ""},
    {"default_route_without_gateway", {{8, "  api: {vlan: 20, cidr: 10.20.0.0/24, default_route: true}"}}, 8, "true",
     "default_route but has no gateway", "gateway:"},
    // --- validator: cabling ---
    {"nic_to_unknown_switch", {{14, "      - {name: eno1, mac: \"3c:fd:fe:00:01:01\", switch: tor3, port: Eth1/1}"}}, 14, "tor3",
     "switch 'tor3', which is not a switch", "did you mean"},
    {"nic_lists_unknown_network",
     {{14, "      - {name: eno1, switch: tor1, port: Eth1/1, networks: [mgmt, apii]}"},
      {15, "      - {name: eno2, switch: tor2, port: Eth1/1, networks: [mgmt, apii]}"}},
     14, "apii", "network 'apii', which is not a network", "did you mean 'api'?"},
    {"access_port_with_two_vlans",
     {{14, "      - {name: eno1, switch: tor1, port: Eth1/1, mode: access, networks: [mgmt, api]}"},
      {15, "      - {name: eno2, switch: tor2, port: Eth1/1, mode: access, networks: [mgmt, api]}"}},
     14, "[mgmt", "different VLANs: mgmt (VLAN 10), api (VLAN 20)", "mode: trunk"},
    {"access_port_without_networks",
     {{14, "      - {name: eno1, switch: tor1, port: Eth1/1, mode: access}"},
      {15, "      - {name: eno2, switch: tor2, port: Eth1/1, mode: access}"}},
     14, "access", "lists no networks", "networks:"},
    {"bond_members_differ", {{15, "      - {name: eno2, switch: tor2, port: Eth1/1, networks: [mgmt]}"}}, 15, "[mgmt]",
     "bonded but carry different networks", ""},
    {"nic_name_too_long", {{14, "      - {name: enp129s0f1np1abc, switch: tor1, port: Eth1/1}"}}, 14, "enp129",
     "is 16 characters; Linux allows 15", ""},
    {"vlan_interface_name_too_long", {{12, "    rack: r1\n    bond: {name: bond-uplink-01}"}}, 13, "bond-uplink",
     "VLAN interface 'bond-uplink-01.10'", "shorter bond name"},
    {"lacp_bond_across_non_peers",
     {{4, "  - {name: tor1, rack: r1, lacp: true, port_speed: 10G}"},
      {5, "  - {name: tor2, rack: r1, lacp: true, port_speed: 10G}"},
      {12, "    rack: r1\n    bond: {mode: 802.3ad}"}},
     13, "802.3ad", "spans switches 'tor1' and 'tor2', which are not MLAG peers", "active-backup"},
    {"lacp_bond_to_switch_without_lacp",
     {{4, "  - {name: tor1, rack: r1, lacp: false, mlag_peer: tor2, port_speed: 10G}"},
      {12, "    rack: r1\n    bond: {mode: lacp}"}},
     13, "lacp}", "needs LACP, but switch 'tor1' has lacp: false", "lacp: true"},
    // --- validator: layer 3 ---
    {"layer3_missing_rack_subnet",
     {{2, kL3Fabric},
      {7, "  mgmt: {vlan: 10, cidr: {r1: 10.10.0.0/24, r2: 10.10.1.0/24}}"},
      {8, "  api: {vlan: 20, cidr: {r1: 10.20.0.0/24}, vips: 10.99.0.1-10.99.0.9}"},
      {5, "  - {name: tor2, rack: r2, lacp: true, port_speed: 10G}"},
      {4, "  - {name: tor1, rack: r1, lacp: true, port_speed: 10G}"},
      {18, "    rack: r2"}},
     8, "{r1", "network 'api' has no subnet for rack 'r2' (host 'node2' is there)", "add r2:"},
    {"layer3_plain_cidr_across_racks",
     {{2, kL3Fabric},
      {8, "  api: {vlan: 20, cidr: {r1: 10.20.0.0/24, r2: 10.20.1.0/24}, vips: 10.99.0.1-10.99.0.9}"},
      {18, "    rack: r2"}},
     7, "10.10.0.0/24", "one cidr on a layer-3 fabric, but its hosts are in racks r1, r2", "own subnet"},
    {"layer2_per_rack_cidr", {{7, "  mgmt: {vlan: 10, cidr: {r1: 10.10.0.0/24}, gateway: 10.10.0.1}"}}, 7, "{r1",
     "gives a cidr per rack, but the fabric is layer 2", "layer: 3"},
    {"layer3_host_without_rack",
     {{2, kL3Fabric}, {7, "  mgmt: {vlan: 10, cidr: {r1: 10.10.0.0/24}}"},
      {8, "  api: {vlan: 20, cidr: {r1: 10.20.0.0/24}, vips: 10.99.0.1-10.99.0.9}"}, {12, "    # rack forgotten"}},
     10, "node1", "host 'node1' has no rack", "rack:"},
    {"layer3_vips_inside_rack_subnet",
     {{2, kL3Fabric}, {7, "  mgmt: {vlan: 10, cidr: {r1: 10.10.0.0/24}}"},
      {8, "  api: {vlan: 20, cidr: {r1: 10.20.0.0/24}, vips: 10.20.0.200-10.20.0.250}"}},
     8, "10.20.0.200", "overlaps subnet 10.20.0.0/24", "/32"},
    // --- validator: services ---
    {"depends_on_unknown_service", {{24, "  - {name: keystone, network: api, port: 5000, depends_on: [mysqll]}"}}, 24, "mysqll",
     "depends on 'mysqll', which is not a service", "did you mean 'mysql'?"},
    {"dependency_cycle", {{23, "  - {name: mysql, network: api, port: 3306, depends_on: [keystone]}"}}, 24, "mysql]",
     "dependency cycle: mysql -> keystone -> mysql", "remove one"},
    {"self_dependency", {{23, "  - {name: mysql, network: api, port: 3306, depends_on: [mysql]}"}}, 23, "mysql]",
     "dependency cycle: mysql -> mysql", ""},
    {"service_on_unknown_network", {{23, "  - {name: mysql, network: apo, port: 3306}"}}, 23, "apo",
     "network 'apo', which is not a network", "did you mean 'api'?"},
    {"service_on_unknown_host", {{23, "  - {name: mysql, network: api, port: 3306, hosts: [node1, node9]}"}}, 23, "node9",
     "host 'node9', which is not a host", ""},
    // --- coordination (line 25 is added after the services) ---
    {"coordination_unknown_key", {{24, kLastService + "coordination: {etcd: {members: [node1], network: mgmt, port: 2379}}"}},
     25, "port", "unknown key 'port'", "members, network"},
    {"coordination_without_etcd", {{24, kLastService + "coordination: {}"}}, 25, "{}", "coordination has no 'etcd'",
     "etcd: {members:"},
    {"etcd_without_network", {{24, kLastService + "coordination: {etcd: {members: [node1]}}"}}, 25, "{members",
     "coordination etcd has no 'network'", "add network:"},
    {"etcd_members_not_a_list", {{24, kLastService + "coordination: {etcd: {members: node1, network: mgmt}}"}}, 25,
     "node1", "members must be a list of names", "write [node1]"},
    {"etcd_without_members", {{24, kLastService + "coordination: {etcd: {members: [], network: mgmt}}"}}, 25, "[]",
     "coordination etcd lists no members", "members: [ctl1, ctl2, ctl3]"},
    {"etcd_member_not_a_host", {{24, kLastService + "coordination: {etcd: {members: [node1, nodee2], network: mgmt}}"}},
     25, "nodee2", "etcd member 'nodee2' is not a host of this site", "did you mean 'node2'?"},
    {"etcd_member_twice", {{24, kLastService + "coordination: {etcd: {members: [node1, node2, node1], network: mgmt}}"}},
     25, "node1]", "etcd member 'node1' is listed twice", "list each host once"},
    {"etcd_network_unknown", {{24, kLastService + "coordination: {etcd: {members: [node1], network: mgnt}}"}}, 25, "mgnt",
     "coordination etcd is on network 'mgnt', which is not a network", "did you mean 'mgmt'?"},
    {"etcd_member_without_address_on_its_network",
     {{14, "      - {name: eno1, mac: \"3c:fd:fe:00:01:01\", switch: tor1, port: Eth1/1, networks: [api]}"},
      {15, "      - {name: eno2, mac: \"3c:fd:fe:00:01:02\", switch: tor2, port: Eth1/1, networks: [api]}"},
      {24, kLastService + "coordination: {etcd: {members: [node2, node1], network: mgmt}}"}},
     25, "node1]", "etcd member 'node1' has no address on network 'mgmt'", "add mgmt to a NIC's networks on 'node1'"},
};

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST(BadInputBase, TheBaseSiteIsValid) {
  const auto diagnostics = check_text(build({}));
  EXPECT_EQ(diagnostics.error_count(), 0u) << format_diagnostics(diagnostics);
}

TEST_P(BadInputTest, ReportsWhereWhatAndHowToFix) {
  const BadInput& c = GetParam();
  const std::string text = build(c.edits);
  const auto diagnostics = check_text(text);
  int column = 0;
  if (!c.column_at.empty()) {
    const auto at = line_of(text, c.line).find(c.column_at);
    ASSERT_NE(at, std::string::npos) << "test bug: '" << c.column_at << "' not on line " << c.line;
    column = static_cast<int>(at) + 1;
  }
  bool found = false;
  for (const auto& d : diagnostics.items()) {
    if (d.severity != Severity::error || d.message.find(c.message) == std::string::npos) continue;
    found = true;
    EXPECT_EQ(d.mark.file, testing::kTestFile);
    EXPECT_EQ(d.mark.line, c.line) << d.message;
    if (column) {
      EXPECT_EQ(d.mark.column, column) << d.message;
    }
    EXPECT_FALSE(d.hint.empty()) << d.message;
    EXPECT_NE(d.hint.find(c.hint), std::string::npos) << "hint: " << d.hint;
    break;
  }
  EXPECT_TRUE(found) << "no error containing '" << c.message << "' in:\n" << format_diagnostics(diagnostics);
}

INSTANTIATE_TEST_SUITE_P(Table, BadInputTest, ::testing::ValuesIn(kBadInputs),
                         [](const auto& info) { return info.param.name; });

TEST(BadInputTable, HasAtLeastThirtyFiveDistinctCases) {
  std::set<std::string> names, texts;
  for (const auto& c : kBadInputs) {
    names.insert(c.name);
    texts.insert(build(c.edits));
  }
  EXPECT_EQ(names.size(), kBadInputs.size());
  EXPECT_EQ(texts.size(), kBadInputs.size());
  EXPECT_GE(kBadInputs.size(), 35u);
}

}  // namespace
}  // namespace netkeel::site
