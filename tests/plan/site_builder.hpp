#pragma once
// Test-only helpers: build Sites in C++ (short, readable fixtures) and load the example sites.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netkeel/site/site.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::plan::test_support {

inline Ipv4Address ip(const std::string& text) { return *Ipv4Address::parse(text); }
inline Ipv4Prefix cidr(const std::string& text) { return *Ipv4Prefix::parse(text); }
inline MacAddress mac(const std::string& text) { return *MacAddress::parse(text); }

inline site::Switch make_switch(std::string name, bool lacp, std::optional<std::string> peer = std::nullopt,
                                uint64_t speed_mbps = 10000) {
  site::Switch sw;
  sw.name = std::move(name);
  sw.rack = "r1";
  sw.lacp = lacp;
  sw.mlag_peer = std::move(peer);
  sw.port_speed_mbps = speed_mbps;
  return sw;
}

inline site::Network make_network(std::string name, std::optional<int> vlan, const std::string& subnet,
                                  std::optional<std::string> gateway = std::nullopt) {
  site::Network n;
  n.name = std::move(name);
  n.vlan = vlan;
  n.cidr = cidr(subnet);
  if (gateway) n.gateway = ip(*gateway);
  return n;
}

inline site::Nic make_nic(std::string name, std::string switch_name, std::optional<std::string> mac_text = std::nullopt,
                          site::NicMode mode = site::NicMode::trunk, std::vector<std::string> networks = {}) {
  site::Nic nic;
  nic.name = std::move(name);
  nic.switch_name = std::move(switch_name);
  if (mac_text) nic.mac = mac(*mac_text);
  nic.mode = mode;
  nic.networks = std::move(networks);
  nic.port = nic.name;
  return nic;
}

inline site::Host make_host(std::string name, uint32_t id, std::vector<site::Nic> nics, std::string rack = "r1") {
  site::Host h;
  h.name = std::move(name);
  h.id = id;
  h.rack = std::move(rack);
  h.nics = std::move(nics);
  return h;
}

inline site::Service make_service(std::string name, std::string network, uint16_t port) {
  site::Service s;
  s.name = std::move(name);
  s.network = std::move(network);
  s.ports = {port};
  return s;
}

// Two hosts, each with two NICs to an MLAG pair with LACP, a trunk carrying mgmt (vlan 10, gateway)
// and storage (vlan 40, MTU 9000), and one service on mgmt. Fabric MTU 9000.
inline site::Site mlag_site() {
  site::Site s;
  s.name = "test-site";
  s.fabric.mtu = 9000;
  s.switches = {make_switch("tor1", true, "tor2"), make_switch("tor2", true, "tor1")};
  s.networks = {make_network("mgmt", 10, "10.10.0.0/24", "10.10.0.1"), make_network("storage", 40, "10.40.0.0/24")};
  s.networks[0].vips = Ipv4Range{ip("10.10.0.200"), ip("10.10.0.250")};
  s.networks[0].default_route = true;
  s.networks[1].mtu = 9000;
  for (uint32_t id : {11u, 12u}) {
    const std::string n = std::to_string(id);
    s.hosts.push_back(make_host("node" + n, id,
                                {make_nic("eno1", "tor1", "3c:fd:fe:00:" + n + ":01"),
                                 make_nic("eno2", "tor2", "3c:fd:fe:00:" + n + ":02")}));
  }
  s.services = {make_service("mysql", "mgmt", 3306)};
  return s;
}

inline std::string example_path(const std::string& file) {
  return std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + file;
}

inline const std::vector<std::string>& example_files() {
  static const std::vector<std::string> files = {
      "1-one-rack-one-vlan.yaml", "2-production-mlag.yaml", "3-two-switches-no-mlag.yaml",
      "4-one-lacp-switch.yaml",   "5-leaf-spine-l3.yaml",   "6-grown-two-racks.yaml"};
  return files;
}

// Loads and validates an example; fails the test when it does not validate.
inline site::Site load_example(const std::string& file) {
  auto checked = site::load_and_validate(example_path(file));
  EXPECT_TRUE(checked.ok()) << format_diagnostics(checked.diagnostics);
  return checked.site ? *checked.site : site::Site{};
}

}  // namespace netkeel::plan::test_support
