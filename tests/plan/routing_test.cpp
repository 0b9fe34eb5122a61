#include "netkeel/plan/routing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;

HostPlan plan_first_host(const site::Site& s) {
  auto result = plan_site(s);
  EXPECT_TRUE(result.plan) << format_diagnostics(result.diagnostics);
  return result.plan ? result.plan->hosts.front() : HostPlan{};
}

TEST(Routing, OneTablePerNetworkWithSubnetRouteAndDefaultViaItsGateway) {
  const HostPlan h = plan_first_host(mlag_site());
  // mgmt: subnet + default in table 100, default in main (default_route: true); storage: subnet only.
  ASSERT_EQ(h.routes.size(), 4u);
  const RoutePlan& subnet = h.routes[0];
  EXPECT_EQ(subnet.destination, cidr("10.10.0.0/24"));
  EXPECT_FALSE(subnet.gateway);
  EXPECT_EQ(subnet.interface, "bond0.10");
  EXPECT_EQ(subnet.table, 100u);
  EXPECT_EQ(subnet.source, ip("10.10.0.11"));
  const RoutePlan& table_default = h.routes[1];
  EXPECT_EQ(table_default.destination, cidr("0.0.0.0/0"));
  EXPECT_EQ(table_default.gateway, ip("10.10.0.1"));
  EXPECT_EQ(table_default.table, 100u);
  const RoutePlan& main_default = h.routes[2];
  EXPECT_EQ(main_default.destination, cidr("0.0.0.0/0"));
  EXPECT_EQ(main_default.table, 254u);
  const RoutePlan& storage = h.routes[3];
  EXPECT_EQ(storage.destination, cidr("10.40.0.0/24"));
  EXPECT_EQ(storage.table, 101u);
}

TEST(Routing, NoMainDefaultRouteWithoutDefaultRouteTrue) {
  auto s = mlag_site();
  s.networks[0].default_route = false;
  const HostPlan h = plan_first_host(s);
  for (const auto& r : h.routes) EXPECT_NE(r.table, 254u) << r.destination.str();
}

TEST(Routing, OneSourceRulePerAddressAtFirstPriorityPlusNetworkPosition) {
  auto s = mlag_site();
  s.networks[1].table = 240;
  const HostPlan h = plan_first_host(s);
  ASSERT_EQ(h.rules.size(), 2u);
  EXPECT_EQ(h.rules[0].priority, kRulePriorityFirst);
  EXPECT_EQ(h.rules[0].from, cidr("10.10.0.11/32"));
  EXPECT_EQ(h.rules[0].table, 100u);
  EXPECT_EQ(h.rules[1].priority, kRulePriorityFirst + 1);
  EXPECT_EQ(h.rules[1].from, cidr("10.40.0.11/32"));
  EXPECT_EQ(h.rules[1].table, 240u);
}

TEST(Routing, Layer3RoutesOtherRacksSubnetsViaTheRackGatewayInTheTableAndMain) {
  site::Site s;
  s.name = "l3";
  s.fabric.layer = 3;
  s.switches = {make_switch("leaf1", true), make_switch("leaf2", true)};
  site::Network api;
  api.name = "api";
  api.vlan = 20;
  api.rack_cidrs = {{"r1", cidr("10.1.20.0/24")}, {"r2", cidr("10.2.20.0/24")}};
  api.rack_gateways = {{"r2", ip("10.2.20.254")}};
  s.networks = {api};
  s.hosts = {make_host("a", 11, {make_nic("ens2", "leaf1", "0c:42:a1:01:00:11")}, "r1"),
             make_host("b", 11, {make_nic("ens2", "leaf2", "0c:42:a1:02:00:11")}, "r2")};
  auto result = plan_site(s);
  ASSERT_TRUE(result.plan) << format_diagnostics(result.diagnostics);
  const HostPlan& b = result.plan->hosts[1];
  EXPECT_EQ(b.networks[0].address, ip("10.2.20.11"));
  EXPECT_EQ(b.networks[0].gateway, ip("10.2.20.254"));
  std::vector<std::string> routes;
  for (const auto& r : b.routes) {
    routes.push_back(r.destination.str() + " via " + (r.gateway ? r.gateway->str() : "-") + " table " +
                     std::to_string(r.table));
  }
  EXPECT_THAT(routes, ElementsAre("10.2.20.0/24 via - table 100", "10.1.20.0/24 via 10.2.20.254 table 100",
                                  "0.0.0.0/0 via 10.2.20.254 table 100", "10.1.20.0/24 via 10.2.20.254 table 254"));
  // rack r1 has no explicit gateway: the first address of its subnet
  EXPECT_EQ(result.plan->hosts[0].networks[0].gateway, ip("10.1.20.1"));
}

}  // namespace
}  // namespace netkeel::plan
