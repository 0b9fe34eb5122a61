#include "netkeel/plan/static_neighbours.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/deterministic_mac.hpp"
#include "netkeel/plan/planner.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;

TEST(StaticNeighbours, EveryOtherHostAndEveryVipWithTheirMacsSortedByInterfaceAndAddress) {
  auto s = mlag_site();
  s.hosts.push_back(make_host("node13", 13, {make_nic("eno1", "tor1", "3c:fd:fe:00:13:01"),
                                             make_nic("eno2", "tor2", "3c:fd:fe:00:13:02")}));
  auto result = plan_site(s);
  ASSERT_TRUE(result.plan) << format_diagnostics(result.diagnostics);
  const auto& plan = *result.plan;
  const HostPlan& h = plan.hosts[1];  // node12
  std::vector<std::string> entries;
  for (const auto& n : h.neighbours) entries.push_back(n.interface + " " + n.address.str() + " " + n.owner);
  EXPECT_THAT(entries, ElementsAre("bond0.10 10.10.0.11 host node11", "bond0.10 10.10.0.13 host node13",
                                   "bond0.10 " + plan.vips[0].address.str() + " vip mysql",
                                   "bond0.40 10.40.0.11 host node11", "bond0.40 10.40.0.13 host node13"));
  EXPECT_EQ(h.neighbours[0].mac, logical_link_mac("test-site", "node11", "bond0.10"));
  EXPECT_EQ(h.neighbours[2].mac, plan.vips[0].mac);
  EXPECT_EQ(h.neighbours[3].mac, logical_link_mac("test-site", "node11", "bond0.40"));
}

TEST(StaticNeighbours, LeftOutOnRequestWithTheRestOfThePlanUnchanged) {
  const auto s = mlag_site();
  auto full = plan_site(s);
  auto lean = plan_site(s, {.static_neighbours = false});
  ASSERT_TRUE(full.plan && lean.plan);
  ASSERT_EQ(full.plan->hosts.size(), lean.plan->hosts.size());
  for (size_t i = 0; i < full.plan->hosts.size(); ++i) {
    EXPECT_FALSE(full.plan->hosts[i].neighbours.empty());
    EXPECT_TRUE(lean.plan->hosts[i].neighbours.empty());
    const auto& a = full.plan->hosts[i].addresses;
    const auto& b = lean.plan->hosts[i].addresses;
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].interface, b[k].interface);
      EXPECT_EQ(a[k].address, b[k].address);
    }
    EXPECT_EQ(full.plan->hosts[i].networks.size(), lean.plan->hosts[i].networks.size());
  }
  EXPECT_EQ(full.plan->vips.size(), lean.plan->vips.size());
}

TEST(StaticNeighbours, NoneOnLongTimeoutOrDefaultNetworks) {
  auto s = mlag_site();
  s.networks[0].foreign_devices = true;
  s.networks[1].arp = site::ArpPolicy::kernel_default;
  auto result = plan_site(s);
  ASSERT_TRUE(result.plan);
  for (const auto& h : result.plan->hosts) EXPECT_TRUE(h.neighbours.empty()) << h.name;
}

TEST(StaticNeighbours, SingleNicUsesItsPhysicalMacAndWarnsWhenItIsUnknown) {
  site::Site s;
  s.name = "x";
  s.switches = {make_switch("sw1", false)};
  s.networks = {make_network("mgmt", std::nullopt, "10.0.0.0/24")};
  s.hosts = {make_host("a", 11, {make_nic("eno1", "sw1", "52:54:00:00:00:11")}),
             make_host("b", 12, {make_nic("eno1", "sw1")})};
  auto result = plan_site(s);
  ASSERT_TRUE(result.plan);
  ASSERT_EQ(result.plan->hosts[1].neighbours.size(), 1u);
  EXPECT_EQ(result.plan->hosts[1].neighbours[0].mac, mac("52:54:00:00:00:11"));
  EXPECT_TRUE(result.plan->hosts[0].neighbours.empty());  // b's MAC is unknown
  bool warned = false;
  for (const auto& d : result.diagnostics.items()) {
    warned |= d.message.find("static ARP cannot cover host b") != std::string::npos;
  }
  EXPECT_TRUE(warned) << format_diagnostics(result.diagnostics);
}

}  // namespace
}  // namespace netkeel::plan
