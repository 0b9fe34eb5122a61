#include "netkeel/render/netplan_renderer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/render/render_error.hpp"
#include "netkeel/render/sysctl_conf_renderer.hpp"
#include "render/plan_fixture.hpp"

namespace netkeel::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace testing;

TEST(NetplanRenderer, BondedHostHasNetplanFileAndBothCompanions) {
  auto plan = fixture_plan();
  auto files = render_netplan(plan, plan.hosts[0]);
  ASSERT_EQ(files.size(), 4u);
  EXPECT_TRUE(files.count(kNetplanPath));
  EXPECT_TRUE(files.count(kSysctlConfPath));
  EXPECT_TRUE(files.count("etc/systemd/network/10-netplan-bond0.10.network.d/netkeel-neighbours.conf"));
  EXPECT_TRUE(files.count("etc/systemd/network/10-netplan-bond0.40.network.d/netkeel-neighbours.conf"));
}

TEST(NetplanRenderer, MatchesNicsByMacAndRenamesThem) {
  auto plan = fixture_plan();
  const auto yaml = render_netplan(plan, plan.hosts[0]).at(kNetplanPath);
  EXPECT_THAT(yaml, HasSubstr("    eno1:\n      match:\n        macaddress: \"3c:fd:fe:00:01:01\"\n"
                              "      set-name: eno1\n      mtu: 9000\n"));
}

TEST(NetplanRenderer, BondAlwaysSetsMiiMonitorAndLacpParameters) {
  auto plan = fixture_plan();
  const auto yaml = render_netplan(plan, plan.hosts[0]).at(kNetplanPath);
  EXPECT_THAT(yaml, HasSubstr("  bonds:\n    bond0:\n      interfaces: [eno1, eno2]\n      parameters:\n"
                              "        mode: 802.3ad\n        mii-monitor-interval: 100\n        lacp-rate: fast\n"
                              "        transmit-hash-policy: layer3+4\n      macaddress: \"02:4e:4b:00:00:01\"\n"
                              "      mtu: 9000\n"));
  EXPECT_THAT(yaml, Not(HasSubstr("primary:")));
}

TEST(NetplanRenderer, ActiveBackupNamesPrimaryAndNoLacpKeys) {
  auto plan = fixture_plan();
  auto& b = plan.hosts[0].links[2];
  b.bond->mode = plan::BondMode::active_backup;
  b.bond->primary = "eno1";
  const auto yaml = render_netplan(plan, plan.hosts[0]).at(kNetplanPath);
  EXPECT_THAT(yaml, HasSubstr("        mode: active-backup\n        mii-monitor-interval: 100\n        primary: eno1\n"));
  EXPECT_THAT(yaml, Not(HasSubstr("lacp-rate")));
  EXPECT_THAT(yaml, Not(HasSubstr("transmit-hash-policy")));
}

TEST(NetplanRenderer, VlanCarriesAddressRoutesAndRules) {
  auto plan = fixture_plan();
  const auto yaml = render_netplan(plan, plan.hosts[0]).at(kNetplanPath);
  EXPECT_THAT(yaml, HasSubstr("    bond0.10:\n      id: 10\n      link: bond0\n      macaddress: \"02:4e:4b:00:00:10\"\n"
                              "      mtu: 1500\n      addresses:\n        - 10.10.0.11/24\n      routes:\n"
                              "        - to: 10.10.0.0/24\n          scope: link\n          from: 10.10.0.11\n"
                              "          table: 101\n"
                              "        - to: default\n          via: 10.10.0.1\n          from: 10.10.0.11\n"
                              "          table: 101\n"
                              "        - to: default\n          via: 10.10.0.1\n"
                              "      routing-policy:\n        - from: 10.10.0.11/32\n          table: 101\n"
                              "          priority: 1000\n"));
}

TEST(NetplanRenderer, NeighbourDropInIsANetworkdNeighborSection) {
  auto plan = fixture_plan();
  const auto dropin = render_netplan(plan, plan.hosts[0])
                          .at("etc/systemd/network/10-netplan-bond0.10.network.d/netkeel-neighbours.conf");
  EXPECT_THAT(dropin, HasSubstr("# host ctl2 on mgmt\n[Neighbor]\nAddress=10.10.0.12\nLinkLayerAddress=02:4e:4b:00:01:10\n"));
  EXPECT_THAT(dropin, Not(HasSubstr("10.40.0.12")));
}

TEST(NetplanRenderer, HeaderPointsAtCompanionFiles) {
  auto plan = fixture_plan();
  const auto yaml = render_netplan(plan, plan.hosts[0]).at(kNetplanPath);
  EXPECT_THAT(yaml, HasSubstr("network.d/netkeel-neighbours.conf"));
  EXPECT_THAT(yaml, HasSubstr(kSysctlConfPath));
}

TEST(NetplanRenderer, SingleNicHostHasNoCompanionsAndNoBondSection) {
  auto plan = fixture_plan();
  auto files = render_netplan(plan, plan.hosts[1]);
  ASSERT_EQ(files.size(), 1u);
  const auto& yaml = files.at(kNetplanPath);
  EXPECT_THAT(yaml, Not(HasSubstr("bonds:")));
  EXPECT_THAT(yaml, Not(HasSubstr("vlans:")));
  EXPECT_THAT(yaml, HasSubstr("      addresses:\n        - 10.0.0.11/24\n"));
}

TEST(NetplanRenderer, NicWithoutMacIsNamedDirectly) {
  auto plan = fixture_plan();
  plan.hosts[1].links[0].match_mac.reset();
  const auto yaml = render_netplan(plan, plan.hosts[1]).at(kNetplanPath);
  EXPECT_THAT(yaml, HasSubstr("  ethernets:\n    eno1:\n      mtu: 1500\n"));
  EXPECT_THAT(yaml, Not(HasSubstr("match:")));
}

TEST(NetplanRenderer, OvsHostIsRefusedWithTheFix) {
  auto plan = fixture_plan();
  plan.hosts[0].backend = site::Backend::ovs;
  try {
    render_netplan(plan, plan.hosts[0]);
    FAIL() << "expected RenderError";
  } catch (const RenderError& e) {
    EXPECT_THAT(e.what(), HasSubstr("ctl1"));
    EXPECT_THAT(e.what(), HasSubstr("--format json"));
  }
}

TEST(NetplanRenderer, ItemOnUnplannedInterfaceIsAPlannerBug) {
  auto plan = fixture_plan();
  plan.hosts[1].addresses[0].interface = "eth9";
  EXPECT_THROW(render_netplan(plan, plan.hosts[1]), std::logic_error);
}

}  // namespace
}  // namespace netkeel::render
