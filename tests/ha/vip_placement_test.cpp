// Placement: spread with bounded load, weights, anti-affinity, and stability (removing a host moves only
// its VIPs; adding one moves nothing until a rebalance, and then at most its fair share).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "netkeel/ha/vip_placement.hpp"

namespace netkeel::ha {
namespace {

PlacementInput services_over_hosts(int services, int hosts) {
  PlacementInput input;
  std::vector<std::string> names;
  for (int h = 1; h <= hosts; ++h) {
    input.hosts.push_back({"ctl" + std::to_string(h), 1});
    names.push_back("ctl" + std::to_string(h));
  }
  for (int s = 1; s <= services; ++s) input.services.push_back({"svc" + std::to_string(s), 1, names});
  return input;
}

std::map<std::string, std::string> hosts_of(const Placement& placement) {
  std::map<std::string, std::string> out;
  for (const auto& s : placement.services) out[s.service] = s.host;
  return out;
}

std::map<std::string, int> counts(const Placement& placement) {
  std::map<std::string, int> out;
  for (const auto& s : placement.services) ++out[s.host];
  return out;
}

TEST(VipPlacement, TenServicesOverThreeHostsPutAtMostFourOnAHost) {
  const Placement placement = place_vips(services_over_hosts(10, 3), PlacementMode::balance);
  const auto c = counts(placement);
  ASSERT_EQ(c.size(), 3u);
  for (const auto& [host, n] : c) EXPECT_LE(n, 4) << host;
  EXPECT_EQ(placement.bound.at("ctl1"), 4);
}

TEST(VipPlacement, BoundedLoadHoldsForManyShapes) {
  for (int hosts = 1; hosts <= 7; ++hosts) {
    for (int services = 1; services <= 40; services += 3) {
      const Placement placement = place_vips(services_over_hosts(services, hosts), PlacementMode::balance);
      const int bound = (services + hosts - 1) / hosts;
      for (const auto& [host, n] : counts(placement)) EXPECT_LE(n, bound) << services << " over " << hosts;
    }
  }
}

TEST(VipPlacement, EveryCallGivesTheSameAnswer) {
  const auto input = services_over_hosts(12, 4);
  EXPECT_EQ(hosts_of(place_vips(input, PlacementMode::balance)), hosts_of(place_vips(input, PlacementMode::balance)));
  PlacementInput reversed = input;
  std::reverse(reversed.hosts.begin(), reversed.hosts.end());
  for (auto& s : reversed.services) std::reverse(s.candidates.begin(), s.candidates.end());
  EXPECT_EQ(hosts_of(place_vips(input, PlacementMode::balance)), hosts_of(place_vips(reversed, PlacementMode::balance)));
}

TEST(VipPlacement, TheOrderStartsWithTheHostAndListsEveryEligibleHostOnce) {
  const Placement placement = place_vips(services_over_hosts(5, 3), PlacementMode::balance);
  for (const auto& s : placement.services) {
    ASSERT_EQ(s.order.size(), 3u);
    EXPECT_EQ(s.order.front(), s.host);
    EXPECT_EQ(std::set<std::string>(s.order.begin(), s.order.end()).size(), 3u);
    EXPECT_EQ(claim_rank(s, s.host), 0);
    EXPECT_EQ(claim_rank(s, "elsewhere"), 3);
    EXPECT_GT(s.score, 0);
  }
}

TEST(VipPlacement, RemovingAHostMovesOnlyTheVipsItHeld) {
  PlacementInput input = services_over_hosts(10, 4);
  const auto before = hosts_of(place_vips(input, PlacementMode::balance));
  input.holders = before;
  // ctl2 goes away: its instances fail.
  for (const auto& s : input.services) input.failed.insert({s.name, "ctl2"});
  const Placement after = place_vips(input, PlacementMode::keep);
  int moved = 0;
  for (const auto& [service, host] : hosts_of(after)) {
    if (before.at(service) == "ctl2") {
      EXPECT_NE(host, "ctl2");
      ++moved;
    } else {
      EXPECT_EQ(host, before.at(service)) << service << " moved although its holder is fine";
    }
  }
  EXPECT_GT(moved, 0);
  for (const auto& [host, n] : counts(after)) EXPECT_LE(n, 4) << host;  // 10 over 3
}

TEST(VipPlacement, AddingAHostMovesNothingUntilARebalanceAndThenAtMostItsFairShare) {
  PlacementInput input = services_over_hosts(10, 3);
  input.holders = hosts_of(place_vips(input, PlacementMode::balance));
  input.hosts.push_back({"ctl4", 1});
  for (auto& s : input.services) s.candidates.push_back("ctl4");
  EXPECT_EQ(hosts_of(place_vips(input, PlacementMode::keep)), input.holders);  // no failback, no steal
  const Placement balanced = place_vips(input, PlacementMode::balance);
  int moved = 0;
  for (const auto& [service, host] : hosts_of(balanced)) {
    if (host != input.holders.at(service)) {
      EXPECT_EQ(host, "ctl4") << service << " moved between two old hosts";
      ++moved;
    }
  }
  EXPECT_LE(moved, 3);  // ctl4's fair share of 10 over 4
  for (const auto& [host, n] : counts(balanced)) EXPECT_LE(n, 3) << host;
}

TEST(VipPlacement, AHealthyHolderKeepsItsVipInKeepModeEvenAboveTheBound) {
  PlacementInput input = services_over_hosts(6, 3);
  for (const auto& s : input.services) input.holders[s.name] = "ctl1";  // all on ctl1 (say, after two failures)
  EXPECT_EQ(counts(place_vips(input, PlacementMode::keep)).at("ctl1"), 6);
  const Placement balanced = place_vips(input, PlacementMode::balance);
  for (const auto& [host, n] : counts(balanced)) EXPECT_EQ(n, 2) << host;
  int kept = 0;
  for (const auto& s : balanced.services) kept += s.kept;
  EXPECT_EQ(kept, 2);  // ctl1 keeps its bound's worth: only the excess moves
}

TEST(VipPlacement, DrainedHostsAndFailedInstancesGetNothing) {
  PlacementInput input = services_over_hosts(6, 3);
  input.drained = {"ctl1"};
  input.failed = {{"svc1", "ctl2"}};
  const Placement placement = place_vips(input, PlacementMode::balance);
  for (const auto& s : placement.services) {
    EXPECT_NE(s.host, "ctl1");
    EXPECT_EQ(std::count(s.order.begin(), s.order.end(), "ctl1"), 0);
  }
  EXPECT_EQ(placement.find("svc1")->host, "ctl3");
  EXPECT_EQ(placement.find("svc1")->order, (std::vector<std::string>{"ctl3"}));
  for (const auto& [host, n] : counts(placement)) EXPECT_LE(n, 3) << host;
}

TEST(VipPlacement, NoEligibleHostLeavesTheVipUnplaced) {
  PlacementInput input = services_over_hosts(2, 2);
  input.drained = {"ctl1", "ctl2"};
  const Placement placement = place_vips(input, PlacementMode::balance);
  EXPECT_EQ(placement.find("svc1")->host, "");
  EXPECT_TRUE(placement.find("svc1")->order.empty());
}

TEST(VipPlacement, HostWeightsShareVipsInProportion) {
  PlacementInput input = services_over_hosts(12, 3);
  input.hosts[0].weight = 2;  // ctl1: half of them
  const auto c = counts(place_vips(input, PlacementMode::balance));
  EXPECT_EQ(c.at("ctl1"), 6);
  EXPECT_EQ(c.at("ctl2"), 3);
  EXPECT_EQ(c.at("ctl3"), 3);
}

TEST(VipPlacement, ServiceWeightsCountAsLoad) {
  PlacementInput input = services_over_hosts(4, 2);
  input.services[0].weight = 3;  // svc1 alone is as heavy as the three others together
  const Placement placement = place_vips(input, PlacementMode::balance);
  EXPECT_EQ(placement.load.at("ctl1"), 3);
  EXPECT_EQ(placement.load.at("ctl2"), 3);
  const std::string heavy_host = placement.find("svc1")->host;
  for (const auto& s : placement.services)
    if (s.service != "svc1") {
      EXPECT_NE(s.host, heavy_host);
    }
}

TEST(VipPlacement, AntiAffinityGroupsPreferDifferentHosts) {
  // Find two services that plain hashing puts on the same host, then group them.
  for (int first = 1; first <= 6; ++first) {
    for (int second = first + 1; second <= 6; ++second) {
      PlacementInput input = services_over_hosts(6, 3);
      const std::string a = "svc" + std::to_string(first), b = "svc" + std::to_string(second);
      input.anti_affinity = {{a, b}};
      const Placement placement = place_vips(input, PlacementMode::balance);
      EXPECT_NE(placement.find(a)->host, placement.find(b)->host) << a << " and " << b;
    }
  }
}

TEST(VipPlacement, AntiAffinityYieldsWhenOnlyOneHostIsLeft) {
  PlacementInput input = services_over_hosts(2, 2);
  input.anti_affinity = {{"svc1", "svc2"}};
  input.drained = {"ctl2"};
  const Placement placement = place_vips(input, PlacementMode::balance);
  EXPECT_EQ(placement.find("svc1")->host, "ctl1");
  EXPECT_EQ(placement.find("svc2")->host, "ctl1");
}

TEST(VipPlacement, RebalanceSeparatesAGroupThatSharesAHost) {
  PlacementInput input = services_over_hosts(2, 2);
  input.anti_affinity = {{"svc1", "svc2"}};
  input.holders = {{"svc1", "ctl1"}, {"svc2", "ctl1"}};
  EXPECT_EQ(counts(place_vips(input, PlacementMode::keep)).at("ctl1"), 2);
  const Placement balanced = place_vips(input, PlacementMode::balance);
  EXPECT_NE(balanced.find("svc1")->host, balanced.find("svc2")->host);
}

TEST(VipPlacement, ServicesKeepToTheirCandidates) {
  PlacementInput input = services_over_hosts(6, 3);
  input.services[0].candidates = {"ctl3"};
  const Placement placement = place_vips(input, PlacementMode::balance);
  EXPECT_EQ(placement.find("svc1")->host, "ctl3");
  EXPECT_EQ(placement.find("svc1")->order, (std::vector<std::string>{"ctl3"}));
}

}  // namespace
}  // namespace netkeel::ha
