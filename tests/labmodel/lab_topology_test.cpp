// The pure lab topology for every example site: namespaces, veth names and MACs, switch ports, VLANs,
// bonds, uplinks, routing, and the backend each host gets.
#include "netkeel/lab/lab_topology.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::lab {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

const KernelFeatures kNoBondingNoVlan{};
const KernelFeatures kFullKernel{true, true};

site::Site load(const std::string& example) {
  auto checked = site::load_and_validate(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + example);
  EXPECT_TRUE(checked.ok()) << format_diagnostics(checked.diagnostics);
  return *checked.site;
}

LabTopology topology_of(const site::Site& s, const std::string& lab = "t",
                        const KernelFeatures& kernel = kNoBondingNoVlan) {
  auto planned = plan::plan_site(s);
  EXPECT_TRUE(planned.plan) << format_diagnostics(planned.diagnostics);
  auto result = build_lab_topology(s, *planned.plan, lab, kernel);
  EXPECT_TRUE(result.topology) << format_diagnostics(result.diagnostics);
  return *result.topology;
}

LabTopology topology_of(const std::string& example, const KernelFeatures& kernel = kNoBondingNoVlan) {
  return topology_of(load(example), "t", kernel);
}

const std::vector<std::string> kExamples = {
    "1-one-rack-one-vlan.yaml", "2-production-mlag.yaml", "3-two-switches-no-mlag.yaml",
    "4-one-lacp-switch.yaml",   "5-leaf-spine-l3.yaml",   "6-grown-two-racks.yaml"};

class EveryExample : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryExample, OneNamespacePerHostAndPerSwitchInstance) {
  auto s = load(GetParam());
  auto t = topology_of(s);
  ASSERT_EQ(t.hosts.size(), s.hosts.size());
  for (size_t i = 0; i < s.hosts.size(); ++i) {
    EXPECT_EQ(t.hosts[i].name, s.hosts[i].name);
    EXPECT_EQ(t.hosts[i].netns, "nk-t-" + s.hosts[i].name);
  }
  auto ns = t.namespaces();
  EXPECT_EQ(std::set<std::string>(ns.begin(), ns.end()).size(), ns.size());
  for (const auto& sw : s.switches) EXPECT_NE(t.instance_of(sw.name), nullptr) << sw.name;
}

TEST_P(EveryExample, EveryNicIsAVethNamedAsTheNicWithItsMac) {
  auto s = load(GetParam());
  auto t = topology_of(s);
  for (const auto& h : s.hosts) {
    for (const auto& nic : h.nics) {
      auto it = std::find_if(t.links.begin(), t.links.end(),
                             [&](const LabLink& l) { return l.id == h.name + ":" + nic.name; });
      ASSERT_NE(it, t.links.end()) << h.name << ":" << nic.name;
      EXPECT_EQ(it->role, LinkRole::cable);
      EXPECT_EQ(it->a.netns, "nk-t-" + h.name);
      EXPECT_EQ(it->a.ifname, nic.name);
      EXPECT_EQ(it->a.mac, *nic.mac);
      const auto* inst = t.instance_of(nic.switch_name);
      ASSERT_NE(inst, nullptr);
      EXPECT_EQ(it->b.netns, inst->netns);
      const auto* port = inst->find_port(it->b.ifname);
      ASSERT_NE(port, nullptr);
      EXPECT_EQ(port->member, nic.switch_name);
      EXPECT_EQ(port->site_port, nic.port);
    }
  }
}

TEST_P(EveryExample, InterfaceNamesFitAndAreUniquePerNamespaceAndMacsAreUnique) {
  auto t = topology_of(GetParam());
  std::set<std::pair<std::string, std::string>> names;
  std::set<MacAddress> macs;
  for (const auto& l : t.links) {
    for (const auto* end : {&l.a, &l.b}) {
      EXPECT_LE(end->ifname.size(), 15u) << end->ifname;
      EXPECT_TRUE(names.insert({end->netns, end->ifname}).second) << end->netns << " " << end->ifname;
      EXPECT_TRUE(macs.insert(end->mac).second) << end->mac.str();
      EXPECT_FALSE(end->mac.is_multicast());
    }
  }
}

TEST_P(EveryExample, SameLabGivesSameTopologyAndOtherLabOtherNamespaces) {
  auto s = load(GetParam());
  auto a = topology_of(s, "x"), b = topology_of(s, "x"), c = topology_of(s, "y");
  ASSERT_EQ(a.links.size(), b.links.size());
  for (size_t i = 0; i < a.links.size(); ++i) {
    EXPECT_EQ(a.links[i].b.mac, b.links[i].b.mac);
    EXPECT_EQ(a.links[i].b.ifname, c.links[i].b.ifname);
    EXPECT_NE(a.links[i].b.netns, c.links[i].b.netns);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, EveryExample, ::testing::ValuesIn(kExamples));

TEST(LabTopology, OneSwitchAccessPortsUntagged) {
  auto t = topology_of("1-one-rack-one-vlan.yaml");
  ASSERT_EQ(t.switches.size(), 1u);
  const auto& sw = t.switches[0];
  EXPECT_EQ(sw.name, "sw1");
  EXPECT_EQ(sw.netns, "nk-t-sw1");
  ASSERT_EQ(sw.ports.size(), 3u);
  EXPECT_EQ(sw.ports[0].name, "p1");
  EXPECT_EQ(sw.ports[2].name, "p3");
  for (const auto& p : sw.ports) {
    EXPECT_EQ(p.vlans.mode, PortVlans::Mode::access);
    EXPECT_EQ(p.vlans.access_vlan, 0);
  }
  EXPECT_TRUE(sw.bonds.empty());
  EXPECT_FALSE(sw.rstp);
  EXPECT_EQ(t.links.size(), 3u);
  // The site router's mgmt gateway, untagged like the networks (the others have no gateway).
  ASSERT_EQ(sw.gateways.size(), 1u);
  EXPECT_EQ(sw.gateways[0].name, "gw0");
  EXPECT_THAT(sw.gateways[0].addresses, ElementsAre(*Ipv4Prefix::parse("10.0.0.1/24", false)));
  EXPECT_TRUE(sw.routing);
  for (const auto& h : t.hosts) EXPECT_EQ(h.backend, site::Backend::kernel) << h.backend_reason;
}

TEST(LabTopology, MlagPairIsOneInstanceWithLacpBondsAndOneUplinkLag) {
  auto t = topology_of("2-production-mlag.yaml");
  ASSERT_EQ(t.switches.size(), 2u);
  const auto& pair = t.switches[0];
  EXPECT_EQ(pair.name, "tor1+tor2");
  EXPECT_THAT(pair.members, ElementsAre("tor1", "tor2"));
  EXPECT_EQ(pair.mtu, 9000);
  // Each host: one port on tor1, one on tor2, bundled in one LACP bond.
  ASSERT_EQ(pair.bonds.size(), 5u);  // 4 hosts + the uplink LAG
  for (size_t i = 0; i < 4; ++i) {
    const auto& b = pair.bonds[i];
    EXPECT_TRUE(b.lacp);
    ASSERT_EQ(b.ports.size(), 2u);
    EXPECT_EQ(pair.find_port(b.ports[0])->member, "tor1");
    EXPECT_EQ(pair.find_port(b.ports[1])->member, "tor2");
    EXPECT_EQ(b.vlans.mode, PortVlans::Mode::trunk);
    EXPECT_THAT(b.vlans.trunks, ElementsAre(10, 20, 30, 40));
  }
  EXPECT_EQ(pair.bonds[0].peer, "host ctl1");
  // Gateways of mgmt and api on the first instance, each in its VLAN.
  ASSERT_EQ(pair.gateways.size(), 2u);
  EXPECT_EQ(pair.gateways[0].name, "gw10");
  EXPECT_EQ(pair.gateways[1].vlan, 20);
  // tor1>spine1 and tor2>spine1: one LAG on both sides, no loop, no RSTP.
  const auto& spine = t.switches[1];
  EXPECT_EQ(spine.name, "spine1");
  EXPECT_EQ(pair.bonds[4].name, "uplag5");
  EXPECT_THAT(pair.bonds[4].ports, ElementsAre("u1", "u2"));
  ASSERT_EQ(spine.bonds.size(), 1u);
  EXPECT_THAT(spine.bonds[0].ports, ElementsAre("u1", "u2"));
  EXPECT_FALSE(pair.rstp);
  // Bonds and VLANs on a kernel without them: the OVS backend, with the reason.
  for (const auto& h : t.hosts) {
    EXPECT_EQ(h.backend, site::Backend::ovs);
    EXPECT_THAT(h.backend_reason, ::testing::HasSubstr("bonding"));
  }
}

TEST(LabTopology, FullKernelKeepsTheKernelBackend) {
  auto t = topology_of("2-production-mlag.yaml", kFullKernel);
  for (const auto& h : t.hosts) EXPECT_EQ(h.backend, site::Backend::kernel);
}

TEST(LabTopology, SiteChoiceOfOvsWins) {
  auto s = load("1-one-rack-one-vlan.yaml");
  s.hosts[0].backend = site::Backend::ovs;
  auto t = topology_of(s, "t", kFullKernel);
  EXPECT_EQ(t.hosts[0].backend, site::Backend::ovs);
  EXPECT_EQ(t.hosts[0].backend_reason, "backend: ovs in the site file");
  EXPECT_EQ(t.hosts[1].backend, site::Backend::kernel);
}

TEST(LabTopology, ActiveBackupAcrossTwoSwitchesNeedsNoSwitchBond) {
  auto t = topology_of("3-two-switches-no-mlag.yaml");
  ASSERT_EQ(t.switches.size(), 2u);
  for (const auto& sw : t.switches) {
    EXPECT_TRUE(sw.bonds.empty()) << sw.name;
    EXPECT_FALSE(sw.rstp);
    for (const auto& p : sw.ports) {
      if (p.site_port == "uplink") continue;
      EXPECT_EQ(p.vlans.mode, PortVlans::Mode::trunk);
      EXPECT_THAT(p.vlans.trunks, ElementsAre(100, 110, 120));
    }
  }
  const auto& up = t.links.back();
  EXPECT_EQ(up.role, LinkRole::uplink);
  EXPECT_EQ(up.a.netns, "nk-t-swa");
  EXPECT_EQ(up.a.ifname, "u1");
  EXPECT_EQ(up.b.netns, "nk-t-swb");
  EXPECT_TRUE(t.switches[0].find_port("u1")->vlans.trunks.empty());  // every VLAN
}

TEST(LabTopology, TwoNicsToOneLacpSwitchMeetALacpBond) {
  auto t = topology_of("4-one-lacp-switch.yaml");
  ASSERT_EQ(t.switches.size(), 1u);
  const auto& sw = t.switches[0];
  ASSERT_EQ(sw.bonds.size(), 2u);
  EXPECT_EQ(sw.bonds[0].name, "lag1");
  EXPECT_THAT(sw.bonds[0].ports, ElementsAre("p1", "p2"));
  EXPECT_THAT(sw.bonds[1].ports, ElementsAre("p3", "p4"));
  EXPECT_TRUE(sw.bonds[0].lacp);
}

TEST(LabTopology, LeafSpineRoutesRackSubnetsWithEcmpOverTransferLinks) {
  auto t = topology_of("5-leaf-spine-l3.yaml");
  ASSERT_EQ(t.switches.size(), 5u);
  const auto* leaf1 = t.find_switch("leaf1");
  ASSERT_NE(leaf1, nullptr);
  EXPECT_TRUE(leaf1->routing);
  ASSERT_EQ(leaf1->gateways.size(), 3u);
  EXPECT_EQ(leaf1->gateways[0].name, "gw10");
  EXPECT_EQ(leaf1->gateways[0].vlan, 10);
  EXPECT_THAT(leaf1->gateways[0].addresses, ElementsAre(*Ipv4Prefix::parse("10.1.10.1/24", false)));
  // Six uplinks, each a routed /31.
  int uplinks = 0;
  for (const auto& p : leaf1->ports)
    if (p.site_port == "uplink") {
      ++uplinks;
      EXPECT_TRUE(p.routed);
      ASSERT_TRUE(p.address);
      EXPECT_EQ(p.address->length(), 31);
    }
  EXPECT_EQ(uplinks, 2);
  // leaf1 reaches rack 2's mgmt subnet through both spines.
  auto r2_mgmt = *Ipv4Prefix::parse("10.2.10.0/24");
  auto route = std::find_if(leaf1->routes.begin(), leaf1->routes.end(),
                            [&](const StaticRoute& r) { return r.destination == r2_mgmt; });
  ASSERT_NE(route, leaf1->routes.end());
  EXPECT_EQ(route->via.size(), 2u);
  // The spine reaches it through leaf2 only; it has no gateways of its own.
  const auto* spine1 = t.find_switch("spine1");
  auto sroute = std::find_if(spine1->routes.begin(), spine1->routes.end(),
                             [&](const StaticRoute& r) { return r.destination == r2_mgmt; });
  ASSERT_NE(sroute, spine1->routes.end());
  EXPECT_EQ(sroute->via.size(), 1u);
  EXPECT_TRUE(spine1->gateways.empty());
  // No leaf routes its own subnets.
  for (const auto& r : leaf1->routes) EXPECT_NE(r.destination, *Ipv4Prefix::parse("10.1.10.0/24"));
}

TEST(LabTopology, GrownSiteBondsTheNewRackAndUplinksToTheOldSwitch) {
  auto t = topology_of("6-grown-two-racks.yaml");
  const auto* sw2 = t.find_switch("sw2");
  ASSERT_NE(sw2, nullptr);
  ASSERT_EQ(sw2->bonds.size(), 2u);
  EXPECT_EQ(sw2->bonds[0].vlans.mode, PortVlans::Mode::access);
  EXPECT_EQ(sw2->bonds[0].vlans.access_vlan, 0);
  EXPECT_NE(sw2->find_port("u1"), nullptr);
  EXPECT_NE(t.find_switch("sw1")->find_port("u1"), nullptr);
  EXPECT_FALSE(sw2->rstp);
}

TEST(LabTopology, UplinkLoopTurnsOnRstp) {
  auto s = load("3-two-switches-no-mlag.yaml");
  site::Switch swc;
  swc.name = "swc";
  swc.port_speed_mbps = 10000;
  swc.uplinks = {"swa", "swb"};
  s.switches.push_back(swc);
  auto t = topology_of(s);
  for (const auto& sw : t.switches) EXPECT_TRUE(sw.rstp) << sw.name;
}

TEST(LabTopology, BadLabNameIsAnError) {
  auto s = load("1-one-rack-one-vlan.yaml");
  auto planned = plan::plan_site(s);
  auto r = build_lab_topology(s, *planned.plan, "Bad_Name", kNoBondingNoVlan);
  EXPECT_FALSE(r.topology);
  ASSERT_TRUE(r.diagnostics.has_errors());
  EXPECT_THAT(r.diagnostics.items()[0].hint, ::testing::HasSubstr("--name"));
}

TEST(LabTopology, HostAndSwitchWithOneNameCollide) {
  auto s = load("1-one-rack-one-vlan.yaml");
  auto planned = plan::plan_site(s);
  s.hosts[0].name = "sw1";
  planned.plan->hosts[0].name = "sw1";
  auto r = build_lab_topology(s, *planned.plan, "t", kNoBondingNoVlan);
  EXPECT_FALSE(r.topology);
  EXPECT_TRUE(r.diagnostics.has_errors());
}

TEST(LabName, Rules) {
  EXPECT_TRUE(is_valid_lab_name("demo"));
  EXPECT_TRUE(is_valid_lab_name("a-1"));
  EXPECT_FALSE(is_valid_lab_name(""));
  EXPECT_FALSE(is_valid_lab_name("-a"));
  EXPECT_FALSE(is_valid_lab_name("a/b"));
  EXPECT_FALSE(is_valid_lab_name("ABC"));
  EXPECT_FALSE(is_valid_lab_name(std::string(21, 'a')));
  EXPECT_EQ(lab_namespace("demo", "node1"), "nk-demo-node1");
}

}  // namespace
}  // namespace netkeel::lab
