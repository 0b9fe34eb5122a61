#include "netkeel/plan/plan_warnings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;

std::vector<std::string> warnings(const site::Site& s) {
  auto result = plan_site(s);
  EXPECT_FALSE(result.diagnostics.has_errors()) << format_diagnostics(result.diagnostics);
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics.items()) {
    if (d.severity == Severity::warning) out.push_back(d.message);
  }
  return out;
}

TEST(PlanWarnings, TheRecommendedShapeHasNone) { EXPECT_THAT(warnings(mlag_site()), IsEmpty()); }

TEST(PlanWarnings, StorageOnOneGigPortsNamesTheHosts) {
  auto s = mlag_site();
  for (auto& sw : s.switches) sw.port_speed_mbps = 1000;
  EXPECT_THAT(warnings(s), Contains(HasSubstr("storage traffic of network storage runs on 1G ports on node11, node12")));
}

TEST(PlanWarnings, SingleNicHost) {
  auto s = mlag_site();
  s.hosts[0].nics.pop_back();
  EXPECT_THAT(warnings(s), Contains(HasSubstr("host node11 has one NIC (eno1): no link redundancy")));
}

TEST(PlanWarnings, SingleTorHost) {
  auto s = mlag_site();
  s.hosts[0].nics[1].switch_name = "tor1";
  EXPECT_THAT(warnings(s), Contains(HasSubstr("all NICs of host node11 go to switch tor1: no physical HA")));
}

TEST(PlanWarnings, MixedSpeedsInABond) {
  auto s = mlag_site();
  s.hosts[0].nics[1].speed_mbps = 1000;
  EXPECT_THAT(warnings(s), Contains(HasSubstr("bond bond0 of host node11 mixes NIC speeds: eno1 is 10G, eno2 is 1G")));
}

TEST(PlanWarnings, JumboNetworkOnSwitchPortsThatDoNotCarryIt) {
  auto s = mlag_site();
  s.switches[1].mtu = 1500;
  EXPECT_THAT(warnings(s), Contains(HasSubstr("network storage uses MTU 9000, but the ports of tor2 carry only 1500")));
}

TEST(PlanWarnings, GreTenantMtuBelow1500) {
  auto s = mlag_site();
  s.networks.push_back(make_network("tunnel", 30, "10.30.0.0/24"));
  s.networks.back().encapsulation = site::Encapsulation::gre;
  const auto w = warnings(s);
  EXPECT_THAT(w, Contains(HasSubstr("leaves tenants an MTU of 1458, below 1500")));
  s.networks.back().mtu = 9000;
  EXPECT_THAT(warnings(s), Not(Contains(HasSubstr("leaves tenants"))));
}

TEST(PlanWarnings, UntaggedNetworksWithDifferentMtusOnOneInterface) {
  auto s = mlag_site();
  for (auto& n : s.networks) n.vlan.reset();
  EXPECT_THAT(warnings(s), Contains(HasSubstr("untagged networks mgmt, storage share bond0 with different MTUs")));
}

TEST(PlanWarnings, ActiveBackupAcrossSwitchesWithNoPathBetweenThem) {
  auto s = mlag_site();
  s.switches[0].mlag_peer.reset();
  s.switches[1].mlag_peer.reset();
  EXPECT_THAT(warnings(s), Contains(HasSubstr("switches tor1 and tor2 have no uplink or MLAG path between them")));
  s.switches.push_back(make_switch("spine", false));
  s.switches[0].uplinks = {"spine"};
  s.switches[1].uplinks = {"spine"};
  EXPECT_THAT(warnings(s), Not(Contains(HasSubstr("no uplink or MLAG path"))));
}

TEST(PlanWarnings, BulkTrafficNetworksAreRecognisedByNameOrEncapsulation) {
  site::Network n;
  n.name = "ceph-public";
  EXPECT_TRUE(is_bulk_traffic_network(n));
  n.name = "overlay";
  EXPECT_FALSE(is_bulk_traffic_network(n));
  n.encapsulation = site::Encapsulation::vxlan;
  EXPECT_TRUE(is_bulk_traffic_network(n));
}

}  // namespace
}  // namespace netkeel::plan
