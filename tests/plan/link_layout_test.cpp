#include "netkeel/plan/link_layout.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/deterministic_mac.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;
using ::testing::ElementsAre;

std::vector<std::string> names(const std::vector<LinkPlan>& links) {
  std::vector<std::string> out;
  for (const auto& l : links) out.push_back(l.name);
  return out;
}

LinkLayout layout_for(const site::Site& s, size_t host_index) {
  std::vector<int> mtus;
  for (const auto& n : s.networks) mtus.push_back(n.mtu.value_or(1500));
  const auto& host = s.hosts[host_index];
  return layout_links(s, host, decide_bond(s, host), mtus);
}

TEST(LinkLayout, BondedTrunkGetsNicsThenBondThenOneVlanPerNetwork) {
  const auto s = mlag_site();
  const auto layout = layout_for(s, 0);
  EXPECT_EQ(layout.carrier, "bond0");
  EXPECT_THAT(names(layout.links), ElementsAre("eno1", "eno2", "bond0", "bond0.10", "bond0.40"));
  const LinkPlan& eno1 = layout.links[0];
  EXPECT_EQ(eno1.kind, LinkKind::physical);
  EXPECT_EQ(eno1.master, "bond0");
  EXPECT_EQ(eno1.match_mac, mac("3c:fd:fe:00:11:01"));
  EXPECT_FALSE(eno1.mac);
  const LinkPlan& bond = layout.links[2];
  EXPECT_THAT(bond.members, ElementsAre("eno1", "eno2"));
  EXPECT_EQ(bond.mac, logical_link_mac("test-site", "node11", "bond0"));
  const LinkPlan& vlan = layout.links[3];
  EXPECT_EQ(vlan.kind, LinkKind::vlan);
  EXPECT_EQ(vlan.parent, "bond0");
  EXPECT_EQ(vlan.vlan_id, 10);
  EXPECT_THAT(vlan.networks, ElementsAre("mgmt"));
  EXPECT_EQ(vlan.mac, logical_link_mac("test-site", "node11", "bond0.10"));
  ASSERT_EQ(layout.attachments.size(), 2u);
  EXPECT_EQ(layout.attachments[1].interface, "bond0.40");
  EXPECT_TRUE(layout.attachments[1].tagged);
}

TEST(LinkLayout, CarrierAndMembersTakeTheLargestMtuAndEachVlanItsOwn) {
  const auto layout = layout_for(mlag_site(), 0);
  EXPECT_EQ(layout.links[0].mtu, 9000);  // eno1
  EXPECT_EQ(layout.links[2].mtu, 9000);  // bond0
  EXPECT_EQ(layout.links[3].mtu, 1500);  // bond0.10 (mgmt)
  EXPECT_EQ(layout.links[4].mtu, 9000);  // bond0.40 (storage)
}

TEST(LinkLayout, AccessNicCarriesSeveralSubnetsUntaggedOnOneInterface) {
  site::Site s;
  s.name = "x";
  s.switches = {make_switch("sw1", false)};
  s.networks = {make_network("mgmt", std::nullopt, "10.0.0.0/24"), make_network("api", std::nullopt, "10.0.1.0/24"),
                make_network("other", std::nullopt, "10.0.9.0/24")};
  s.hosts = {make_host("n1", 11, {make_nic("eno1", "sw1", "52:54:00:00:00:01", site::NicMode::access, {"mgmt", "api"})})};
  const auto layout = layout_for(s, 0);
  EXPECT_EQ(layout.carrier, "eno1");
  ASSERT_THAT(names(layout.links), ElementsAre("eno1"));
  EXPECT_THAT(layout.links[0].networks, ElementsAre("mgmt", "api"));  // not `other`: the NIC does not carry it
  ASSERT_EQ(layout.attachments.size(), 2u);
  EXPECT_FALSE(layout.attachments[0].tagged);
  EXPECT_EQ(layout.attachments[0].interface, "eno1");
}

TEST(LinkLayout, AccessPortLeavesAVlanNetworkUntagged) {
  site::Site s;
  s.switches = {make_switch("sw1", false)};
  s.networks = {make_network("mgmt", 10, "10.0.0.0/24")};
  s.hosts = {make_host("n1", 11, {make_nic("eno1", "sw1", std::nullopt, site::NicMode::access, {"mgmt"})})};
  const auto layout = layout_for(s, 0);
  ASSERT_EQ(layout.attachments.size(), 1u);
  EXPECT_FALSE(layout.attachments[0].tagged);
  EXPECT_EQ(layout.attachments[0].vlan, 10);  // the switch tags it; the host does not
  EXPECT_EQ(layout.attachments[0].interface, "eno1");
}

TEST(LinkLayout, TrunkCarriesANetworkWithoutVlanUntaggedOnTheCarrier) {
  auto s = mlag_site();
  s.networks.push_back(make_network("native", std::nullopt, "10.99.0.0/24"));
  const auto layout = layout_for(s, 0);
  EXPECT_THAT(names(layout.links), ElementsAre("eno1", "eno2", "bond0", "bond0.10", "bond0.40"));
  EXPECT_THAT(layout.links[2].networks, ElementsAre("native"));
}

TEST(LinkLayout, TrunkListingNetworksCarriesOnlyThose) {
  auto s = mlag_site();
  for (auto& nic : s.hosts[0].nics) nic.networks = {"storage"};
  const auto layout = layout_for(s, 0);
  EXPECT_THAT(names(layout.links), ElementsAre("eno1", "eno2", "bond0", "bond0.40"));
}

TEST(LinkLayout, NetworksSharingAVlanShareOneVlanInterface) {
  auto s = mlag_site();
  s.networks.push_back(make_network("mgmt2", 10, "10.11.0.0/24"));
  const auto layout = layout_for(s, 0);
  EXPECT_THAT(names(layout.links), ElementsAre("eno1", "eno2", "bond0", "bond0.10", "bond0.40"));
  EXPECT_THAT(layout.links[3].networks, ElementsAre("mgmt", "mgmt2"));
}

TEST(LinkLayout, SysctlNamesWriteDotsAsSlashes) {
  EXPECT_EQ(sysctl_interface_name("bond0.10"), "bond0/10");
  EXPECT_EQ(sysctl_interface_name("eno1"), "eno1");
}

}  // namespace
}  // namespace netkeel::plan
