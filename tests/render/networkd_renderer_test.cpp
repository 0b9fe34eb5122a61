#include "netkeel/render/networkd_renderer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/render/render_error.hpp"
#include "netkeel/render/sysctl_conf_renderer.hpp"
#include "render/plan_fixture.hpp"

namespace netkeel::render {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace testing;

std::vector<std::string> paths(const RenderedFiles& files) {
  std::vector<std::string> out;
  for (const auto& [p, c] : files) out.push_back(p);
  return out;
}

TEST(NetworkdRenderer, FilesSortPhysicalThenBondThenVlan) {
  auto plan = fixture_plan();
  EXPECT_THAT(paths(render_networkd(plan, plan.hosts[0])),
              ElementsAre("etc/sysctl.d/60-netkeel.conf", "etc/systemd/network/10-netkeel-eno1.link",
                          "etc/systemd/network/10-netkeel-eno1.network", "etc/systemd/network/10-netkeel-eno2.link",
                          "etc/systemd/network/10-netkeel-eno2.network", "etc/systemd/network/20-netkeel-bond0.netdev",
                          "etc/systemd/network/20-netkeel-bond0.network",
                          "etc/systemd/network/30-netkeel-bond0.10.netdev",
                          "etc/systemd/network/30-netkeel-bond0.10.network",
                          "etc/systemd/network/30-netkeel-bond0.40.netdev",
                          "etc/systemd/network/30-netkeel-bond0.40.network"));
}

TEST(NetworkdRenderer, LinkFileRenamesByPermanentMac) {
  auto plan = fixture_plan();
  const auto link = render_networkd(plan, plan.hosts[0]).at("etc/systemd/network/10-netkeel-eno1.link");
  EXPECT_THAT(link, HasSubstr("[Match]\nPermanentMACAddress=3c:fd:fe:00:01:01\n\n[Link]\nName=eno1\n"));
}

TEST(NetworkdRenderer, MemberJoinsBondWithoutLinkLocal) {
  auto plan = fixture_plan();
  const auto net = render_networkd(plan, plan.hosts[0]).at("etc/systemd/network/10-netkeel-eno1.network");
  EXPECT_THAT(net, HasSubstr("[Match]\nPermanentMACAddress=3c:fd:fe:00:01:01\nName=eno1\n\n[Link]\nMTUBytes=9000\n\n"
                             "[Network]\nLinkLocalAddressing=no\nBond=bond0\n"));
  EXPECT_THAT(net, Not(HasSubstr("PrimarySlave")));
}

TEST(NetworkdRenderer, BondNetdevHasModeMonitorAndHash) {
  auto plan = fixture_plan();
  const auto netdev = render_networkd(plan, plan.hosts[0]).at("etc/systemd/network/20-netkeel-bond0.netdev");
  EXPECT_THAT(netdev, HasSubstr("[NetDev]\nName=bond0\nKind=bond\nMACAddress=02:4e:4b:00:00:01\nMTUBytes=9000\n"));
  EXPECT_THAT(netdev, HasSubstr("[Bond]\nMode=802.3ad\nMIIMonitorSec=100ms\nLACPTransmitRate=fast\n"
                                "TransmitHashPolicy=layer3+4\n"));
}

TEST(NetworkdRenderer, ActiveBackupPrimaryIsMarkedOnTheMember) {
  auto plan = fixture_plan();
  auto& b = plan.hosts[0].links[2];
  b.bond->mode = plan::BondMode::active_backup;
  b.bond->primary = "eno2";
  auto files = render_networkd(plan, plan.hosts[0]);
  EXPECT_THAT(files.at("etc/systemd/network/10-netkeel-eno2.network"), HasSubstr("PrimarySlave=true\n"));
  EXPECT_THAT(files.at("etc/systemd/network/10-netkeel-eno1.network"), Not(HasSubstr("PrimarySlave")));
  EXPECT_THAT(files.at("etc/systemd/network/20-netkeel-bond0.netdev"), Not(HasSubstr("LACPTransmitRate")));
}

TEST(NetworkdRenderer, BondNetworkListsItsVlans) {
  auto plan = fixture_plan();
  const auto net = render_networkd(plan, plan.hosts[0]).at("etc/systemd/network/20-netkeel-bond0.network");
  EXPECT_THAT(net, HasSubstr("[Network]\nLinkLocalAddressing=no\nConfigureWithoutCarrier=yes\nVLAN=bond0.10\n"
                             "VLAN=bond0.40\n"));
}

TEST(NetworkdRenderer, VlanNetworkHasAddressRoutesRuleAndNeighbour) {
  auto plan = fixture_plan();
  auto files = render_networkd(plan, plan.hosts[0]);
  EXPECT_THAT(files.at("etc/systemd/network/30-netkeel-bond0.10.netdev"),
              HasSubstr("[NetDev]\nName=bond0.10\nKind=vlan\nMACAddress=02:4e:4b:00:00:10\nMTUBytes=1500\n\n"
                        "[VLAN]\nId=10\n"));
  const auto net = files.at("etc/systemd/network/30-netkeel-bond0.10.network");
  EXPECT_THAT(net, HasSubstr("[Address]\nAddress=10.10.0.11/24\n"));
  EXPECT_THAT(net, HasSubstr("[Route]\nDestination=10.10.0.0/24\nScope=link\nPreferredSource=10.10.0.11\nTable=101\n"
                             "Protocol=140\n"));
  EXPECT_THAT(net, HasSubstr("[Route]\nDestination=0.0.0.0/0\nGateway=10.10.0.1\nProtocol=140\n"));
  EXPECT_THAT(net, HasSubstr("[RoutingPolicyRule]\nFrom=10.10.0.11/32\nTable=101\nPriority=1000\n"));
  EXPECT_THAT(net, HasSubstr("[Neighbor]\nAddress=10.10.0.12\nLinkLayerAddress=02:4e:4b:00:01:10\n"));
  EXPECT_THAT(net, Not(HasSubstr("LinkLocalAddressing")));
}

TEST(NetworkdRenderer, SysctlsGoToSysctlD) {
  auto plan = fixture_plan();
  const auto conf = render_networkd(plan, plan.hosts[0]).at(kSysctlConfPath);
  EXPECT_THAT(conf, HasSubstr("# answer ARP only for addresses on bond0.10\nnet.ipv4.conf.bond0/10.arp_ignore = 1\n"));
}

TEST(NetworkdRenderer, OvsHostIsRefused) {
  auto plan = fixture_plan();
  plan.hosts[1].backend = site::Backend::ovs;
  EXPECT_THROW(render_networkd(plan, plan.hosts[1]), RenderError);
}

}  // namespace
}  // namespace netkeel::render
