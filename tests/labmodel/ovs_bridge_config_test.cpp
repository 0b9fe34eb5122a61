// The exact OVS configuration each switch instance gets: 802.1Q columns, LACP bonds, RSTP, gateways.
#include "netkeel/lab/ovs_bridge_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::lab {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

LabTopology topology_of(const std::string& example) {
  auto checked = site::load_and_validate(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + example);
  auto planned = plan::plan_site(*checked.site);
  return *build_lab_topology(*checked.site, *planned.plan, "t", KernelFeatures{}).topology;
}

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

TEST(VlanColumns, AccessTrunkUntaggedAndAll) {
  PortVlans access{PortVlans::Mode::access, 10, {}};
  EXPECT_THAT(vlan_columns(access), ElementsAre("vlan_mode=access", "tag=10"));
  PortVlans untagged{PortVlans::Mode::access, 0, {}};
  EXPECT_THAT(vlan_columns(untagged), ElementsAre("vlan_mode=trunk", "trunks=0"));
  PortVlans trunk{PortVlans::Mode::trunk, 0, {0, 10, 20}};
  EXPECT_THAT(vlan_columns(trunk), ElementsAre("vlan_mode=trunk", "trunks=0,10,20"));
  PortVlans all{PortVlans::Mode::trunk, 0, {}};
  EXPECT_THAT(vlan_columns(all), IsEmpty());
}

TEST(BridgeTransaction, OneSwitchUntaggedAccessPorts) {
  auto t = topology_of("1-one-rack-one-vlan.yaml");
  EXPECT_EQ(joined(bridge_transaction(t.switches[0])),
            "add-br br0 -- set bridge br0 datapath_type=netdev"
            " -- add-port br0 p1 vlan_mode=trunk trunks=0"
            " -- add-port br0 p2 vlan_mode=trunk trunks=0"
            " -- add-port br0 p3 vlan_mode=trunk trunks=0"
            " -- add-port br0 gw0 vlan_mode=trunk trunks=0 -- set interface gw0 type=internal mtu_request=1500");
}

TEST(BridgeTransaction, MlagPairBondsEachHostWithFastLacpAndTheUplinksAsOneLag) {
  auto t = topology_of("2-production-mlag.yaml");
  auto text = joined(bridge_transaction(t.switches[0]));
  EXPECT_THAT(text, HasSubstr("-- add-bond br0 lag1 p1 p2 lacp=active bond_mode=balance-tcp "
                              "other_config:lacp-time=fast vlan_mode=trunk trunks=10,20,30,40"));
  EXPECT_THAT(text, HasSubstr("-- add-bond br0 uplag5 u1 u2 lacp=active"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("add-port br0 p")));  // every host port is in a bond
  EXPECT_THAT(text, HasSubstr("-- add-port br0 gw10 vlan_mode=access tag=10 -- set interface gw10 type=internal"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("rstp")));
}

TEST(BridgeTransaction, LeafGetsGatewayInternalPortsAndNoRoutedUplinks) {
  auto t = topology_of("5-leaf-spine-l3.yaml");
  auto text = joined(bridge_transaction(*t.find_switch("leaf1")));
  EXPECT_THAT(text, HasSubstr("-- add-port br0 gw10 vlan_mode=access tag=10 -- set interface gw10 type=internal"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr(" u1")));
}

TEST(BridgeTransaction, LoopEnablesRstpWithEdgeHostPorts) {
  SwitchInstance sw;
  sw.name = "s";
  sw.rstp = true;
  sw.ports.push_back({"p1", "s", "1", "h:eth0", "h:eth0", PortVlans{}});
  sw.ports.push_back({"u1", "s", "uplink", "x", "l", PortVlans{}});
  auto text = joined(bridge_transaction(sw));
  EXPECT_THAT(text, HasSubstr("rstp_enable=true"));
  EXPECT_THAT(text, HasSubstr("add-port br0 p1 other_config:rstp-port-admin-edge=true"));
  EXPECT_THAT(text, HasSubstr("add-port br0 u1"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("u1 other_config")));
}

}  // namespace
}  // namespace netkeel::lab
