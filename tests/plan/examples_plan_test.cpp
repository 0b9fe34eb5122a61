// The key derivations of each example site (examples/sites), loaded and validated like `netkeel plan`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;

ClusterPlan plan_example(const std::string& file) {
  auto result = plan_site(load_example(file));
  EXPECT_TRUE(result.plan) << format_diagnostics(result.diagnostics);
  return result.plan ? *result.plan : ClusterPlan{};
}

std::vector<std::string> link_names(const HostPlan& h) {
  std::vector<std::string> out;
  for (const auto& l : h.links) out.push_back(l.name);
  return out;
}

bool has_warning(const ClusterPlan& p, const std::string& text) {
  for (const auto& d : p.findings.items()) {
    if (d.severity == Severity::warning && d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Example1, NoBondAndEveryNetworkUntaggedOnEno1) {
  const auto p = plan_example("1-one-rack-one-vlan.yaml");
  ASSERT_EQ(p.hosts.size(), 3u);
  const HostPlan& h = p.hosts[0];
  EXPECT_THAT(h.bond_reason, HasSubstr("no bond"));
  EXPECT_THAT(link_names(h), ElementsAre("eno1"));
  EXPECT_THAT(h.links[0].networks, ElementsAre("mgmt", "api", "tunnel", "storage"));
  for (const auto& n : h.networks) {
    EXPECT_EQ(n.interface, "eno1");
    EXPECT_FALSE(n.tagged);
  }
  EXPECT_EQ(h.networks[0].address, *Ipv4Address::parse("10.0.0.11"));
  EXPECT_EQ(h.networks[3].address, *Ipv4Address::parse("10.0.3.11"));
  EXPECT_EQ(p.find_network("tunnel")->tenant_mtu, 1458);
  EXPECT_TRUE(has_warning(p, "host node1 has one NIC"));
  EXPECT_TRUE(has_warning(p, "storage traffic of network storage runs on 1G ports"));
}

TEST(Example2, LacpBondToTheMlagPairWithOneVlanPerNetworkAndJumboOnTheBond) {
  const auto p = plan_example("2-production-mlag.yaml");
  const HostPlan& h = p.hosts[0];
  EXPECT_THAT(link_names(h), ElementsAre("eno1", "eno2", "bond0", "bond0.10", "bond0.20", "bond0.30", "bond0.40"));
  const LinkPlan* bond = h.find_link("bond0");
  ASSERT_TRUE(bond && bond->bond);
  EXPECT_EQ(bond->bond->mode, BondMode::lacp);
  EXPECT_EQ(bond->mtu, 9000);
  EXPECT_EQ(h.find_link("eno1")->mtu, 9000);
  EXPECT_EQ(h.find_link("bond0.10")->mtu, 1500);
  EXPECT_EQ(h.find_link("bond0.40")->mtu, 9000);
  EXPECT_THAT(h.bond_reason, HasSubstr("MLAG pair"));
  EXPECT_EQ(p.find_network("tunnel")->tenant_mtu, 8958);
  EXPECT_EQ(p.vips.size(), 4u);  // ceph-mon has no VIP (storage has no range): a warning
  EXPECT_TRUE(has_warning(p, "service ceph-mon gets no VIP"));
  EXPECT_FALSE(has_warning(p, "no physical HA"));
}

TEST(Example3, ActiveBackupAcrossTwoSwitchesThatAreNotPeers) {
  const auto p = plan_example("3-two-switches-no-mlag.yaml");
  const LinkPlan* bond = p.hosts[0].find_link("bond0");
  ASSERT_TRUE(bond && bond->bond);
  EXPECT_EQ(bond->bond->mode, BondMode::active_backup);
  EXPECT_EQ(bond->bond->primary, "ens1f0");
  EXPECT_THAT(p.hosts[0].bond_reason, HasSubstr("not MLAG peers"));
  EXPECT_FALSE(has_warning(p, "no uplink or MLAG path"));  // swa uplinks to swb
}

TEST(Example4, LacpToOneSwitchWarnsAboutTheSingleTor) {
  const auto p = plan_example("4-one-lacp-switch.yaml");
  const LinkPlan* bond = p.hosts[0].find_link("bond0");
  ASSERT_TRUE(bond && bond->bond);
  EXPECT_EQ(bond->bond->mode, BondMode::lacp);
  EXPECT_TRUE(has_warning(p, "all NICs of host srv1 go to switch sw1: no physical HA"));
  EXPECT_TRUE(has_warning(p, "all NICs of host srv2 go to switch sw1: no physical HA"));
}

TEST(Example5, Layer3PerRackSubnetsRackGatewaysAndBgpAnnouncements) {
  const auto p = plan_example("5-leaf-spine-l3.yaml");
  const HostPlan* r2n1 = p.find_host("r2n1");
  ASSERT_TRUE(r2n1);
  EXPECT_EQ(r2n1->networks[1].network, "api");
  EXPECT_EQ(r2n1->networks[1].address, *Ipv4Address::parse("10.2.20.11"));
  EXPECT_EQ(r2n1->networks[1].gateway, *Ipv4Address::parse("10.2.20.1"));
  EXPECT_EQ(p.find_network("api")->rack_subnets.size(), 3u);
  // VIPs are routed, not ARPed: no static entry for them
  for (const auto& n : r2n1->neighbours) EXPECT_EQ(n.owner.rfind("host ", 0), 0u) << n.owner;
  ASSERT_EQ(p.vips.size(), 1u);
  ASSERT_EQ(p.bgp.size(), 6u);
  const BgpAnnouncement& a = p.bgp[2];
  EXPECT_EQ(a.host, "r2n1");
  EXPECT_EQ(a.service, "keystone");
  EXPECT_EQ(a.prefix, Ipv4Prefix(p.vips[0].address, 32));
  EXPECT_EQ(a.leaf, "leaf2");
  EXPECT_EQ(a.peer, *Ipv4Address::parse("10.2.20.1"));
  EXPECT_EQ(a.leaf_asn, 65102u);
}

TEST(Example6, OldRackSingleNicNewRackBonded) {
  const auto p = plan_example("6-grown-two-racks.yaml");
  EXPECT_THAT(link_names(*p.find_host("node1")), ElementsAre("eno1"));
  const HostPlan& node4 = *p.find_host("node4");
  EXPECT_THAT(link_names(node4), ElementsAre("ens1f0", "ens1f1", "bond0"));
  EXPECT_EQ(node4.find_link("bond0")->bond->mode, BondMode::lacp);
  EXPECT_THAT(node4.find_link("bond0")->networks, ElementsAre("mgmt", "api", "tunnel", "storage"));
  // one segment across both racks: node1 has static entries for node4's bond MAC
  bool found = false;
  for (const auto& n : p.find_host("node1")->neighbours) {
    if (n.owner == "host node4" && n.network == "mgmt") {
      found = true;
      EXPECT_EQ(n.mac, *node4.find_link("bond0")->mac);
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace netkeel::plan
