// Localization on synthetic probe results: single faults of every component kind on the production MLAG
// shape, the flat one-switch shape, the layer-3 shape and the grown two-switch shape; which components
// the probes cannot tell apart; how the hosts' own evidence splits them; confidence on thin evidence.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "netkeel/analyze/culprit_ranking.hpp"
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/site/site_loader.hpp"

namespace netkeel::analyze {
namespace {

site::Site example(const std::string& file) {
  auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + file);
  EXPECT_TRUE(loaded.site.has_value()) << file;
  return *loaded.site;
}

// Probe results as the faults would give them: a flow crossing a faulty component with loss r loses r of
// its probes; a pair's loss is over its flows (their shares of each component, as the paths say).
store::ProbeMatrix simulate(const ProbePaths& paths, const std::map<std::string, double>& faulty_loss,
                            double sent = 600) {
  store::ProbeMatrix matrix;
  matrix.network = paths.network;
  for (const auto& [pair, crossings] : paths.pairs) {
    double survive = 1;
    for (const Crossing& crossing : crossings) {
      auto it = faulty_loss.find(paths.components[crossing.component].name);
      if (it != faulty_loss.end()) survive *= 1 - crossing.share * it->second;
    }
    store::ProbePair probe{pair.first, pair.second, sent, std::round(sent * (1 - survive)), 0, 0.0001, 0.0002};
    probe.loss = probe.lost / probe.sent;
    matrix.pairs.push_back(probe);
  }
  return matrix;
}

struct Case {
  std::string site_file;
  std::string network;
  std::string faulty;                 // the component's name
  ComponentKind kind;
  std::vector<std::string> alike;     // what the probes cannot tell it apart from
};

std::vector<std::string> group_of(const RankedCulprit& top) {
  for (const std::string& line : top.evidence) {
    if (line.rfind("probes cannot tell it apart from ", 0) == 0) return {line};
  }
  return {};
}

bool names(const std::vector<std::string>& lines, const std::string& name) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(" " + name) != std::string::npos; });
}

class SingleFault : public ::testing::TestWithParam<Case> {};

TEST_P(SingleFault, TheFaultyComponentLeadsOrIsInTheLeadingGroup) {
  const Case& c = GetParam();
  const site::Site site = example(c.site_file);
  const ProbePaths paths = probe_paths(site, c.network);
  ASSERT_LT(paths.find(c.kind, c.faulty), paths.components.size()) << c.faulty;
  const auto culprits = rank_culprits(paths, simulate(paths, {{c.faulty, 0.2}}), {});
  ASSERT_FALSE(culprits.empty());
  const RankedCulprit& top = culprits.front();
  if (c.alike.empty()) {
    EXPECT_EQ(top.name, c.faulty);
    EXPECT_EQ(top.kind, c.kind);
    EXPECT_TRUE(group_of(top).empty()) << group_of(top).front();
    EXPECT_GT(top.confidence, 0.7) << top.explains;
  } else {
    // The leader is one of the group, and the group is exactly the faulty one and what looks like it.
    std::vector<std::string> group = c.alike;
    group.push_back(c.faulty);
    EXPECT_NE(std::find(group.begin(), group.end(), top.name), group.end()) << top.name;
    for (const std::string& name : group) {
      if (name != top.name) {
        EXPECT_TRUE(names(group_of(top), name)) << name << " not in the group of " << top.name;
      }
    }
    double group_confidence = 0;
    for (const RankedCulprit& culprit : culprits) {
      if (std::find(group.begin(), group.end(), culprit.name) != group.end()) group_confidence += culprit.confidence;
    }
    EXPECT_GT(group_confidence, 0.7);
  }
  EXPECT_NE(top.explains.find("lossy pairs on " + c.network), std::string::npos) << top.explains;
}

INSTANTIATE_TEST_SUITE_P(
    EveryKindOnEveryShape, SingleFault,
    ::testing::Values(
        // Production MLAG: hosts bond eno1/eno2 to tor1/tor2; every probe can take either ToR.
        Case{"2-production-mlag.yaml", "api", "ctl2:eno1", ComponentKind::bond_member,
             {"ctl2", "ctl2:eno2", "ctl2:eno1<->tor1:Eth1/2", "ctl2:eno2<->tor2:Eth1/2", "tor1:Eth1/2", "tor2:Eth1/2"}},
        Case{"2-production-mlag.yaml", "api", "ctl2:eno1<->tor1:Eth1/2", ComponentKind::cable,
             {"ctl2", "ctl2:eno1", "ctl2:eno2", "ctl2:eno2<->tor2:Eth1/2", "tor1:Eth1/2", "tor2:Eth1/2"}},
        Case{"2-production-mlag.yaml", "api", "tor2:Eth1/4", ComponentKind::switch_port,
             {"cmp1", "cmp1:eno1", "cmp1:eno2", "cmp1:eno1<->tor1:Eth1/4", "cmp1:eno2<->tor2:Eth1/4", "tor1:Eth1/4"}},
        Case{"2-production-mlag.yaml", "mgmt", "ctl1", ComponentKind::host,
             {"ctl1:eno1", "ctl1:eno2", "ctl1:eno1<->tor1:Eth1/1", "ctl1:eno2<->tor2:Eth1/1", "tor1:Eth1/1", "tor2:Eth1/1"}},
        Case{"2-production-mlag.yaml", "api", "tor1", ComponentKind::switch_, {"tor2", "tor1<->tor2", "api"}},
        Case{"2-production-mlag.yaml", "api", "tor1<->tor2", ComponentKind::uplink, {"tor1", "tor2", "api"}},
        Case{"2-production-mlag.yaml", "storage", "storage", ComponentKind::network, {"tor1", "tor2", "tor1<->tor2"}},
        // Flat: one switch, one NIC per host.
        Case{"1-one-rack-one-vlan.yaml", "mgmt", "node2:eno1", ComponentKind::nic,
             {"node2", "node2:eno1<->sw1:2", "sw1:2"}},
        Case{"1-one-rack-one-vlan.yaml", "mgmt", "sw1:3", ComponentKind::switch_port,
             {"node3", "node3:eno1", "node3:eno1<->sw1:3"}},
        Case{"1-one-rack-one-vlan.yaml", "mgmt", "sw1", ComponentKind::switch_, {"mgmt"}},
        // Layer 3: three leaves, two spines; equal-cost paths share the flows.
        Case{"5-leaf-spine-l3.yaml", "mgmt", "r2n1:ens2", ComponentKind::nic,
             {"r2n1", "r2n1:ens2<->leaf2:swp1", "leaf2:swp1"}},
        Case{"5-leaf-spine-l3.yaml", "mgmt", "leaf3", ComponentKind::switch_, {}},
        Case{"5-leaf-spine-l3.yaml", "mgmt", "spine1", ComponentKind::switch_, {"spine2"}},
        Case{"5-leaf-spine-l3.yaml", "mgmt", "leaf1<->spine2", ComponentKind::uplink, {"leaf1<->spine1"}},
        // Grown: an old flat switch and a new LACP switch uplinked to it.
        Case{"6-grown-two-racks.yaml", "api", "sw2<->sw1", ComponentKind::uplink, {}},
        Case{"6-grown-two-racks.yaml", "api", "sw2", ComponentKind::switch_, {}},
        Case{"6-grown-two-racks.yaml", "api", "node1:eno1", ComponentKind::nic, {"node1", "node1:eno1<->sw1:1", "sw1:1"}}));

TEST(CulpritRanking, NothingIsWrongWhenEveryPairIsClean) {
  const ProbePaths paths = probe_paths(example("2-production-mlag.yaml"), "mgmt");
  EXPECT_TRUE(rank_culprits(paths, simulate(paths, {}), {}).empty());
}

TEST(CulpritRanking, HandWrittenFlatNicLossNamesTheNicSideAndSaysWhy) {
  const ProbePaths paths = probe_paths(example("1-one-rack-one-vlan.yaml"), "mgmt");
  store::ProbeMatrix matrix{"mgmt", {}};
  auto pair = [&](const char* src, const char* dst, double lost) {
    matrix.pairs.push_back({src, dst, 600, lost, lost / 600, 0.0001, 0.0002});
  };
  pair("node1", "node2", 60);
  pair("node2", "node1", 55);
  pair("node2", "node3", 58);
  pair("node3", "node2", 62);
  pair("node1", "node3", 0);
  pair("node3", "node1", 0);
  const auto culprits = rank_culprits(paths, matrix, {});
  ASSERT_FALSE(culprits.empty());
  EXPECT_EQ(culprits.front().name, "node2:eno1");
  EXPECT_EQ(culprits.front().explains, "explains 4 of 4 lossy pairs on mgmt, no clean pair crosses it");
  // The switch explains them too, but the clean pairs node1<->node3 cross it: far behind.
  for (const RankedCulprit& culprit : culprits) {
    if (culprit.name == "sw1") {
      EXPECT_LT(culprit.confidence, 0.05);
      EXPECT_NE(culprit.explains.find("2 clean pairs cross it that would have lost probes"), std::string::npos);
    }
  }
}

TEST(CulpritRanking, LocalEvidenceSplitsAGroupTheProbesCannot) {
  const ProbePaths paths = probe_paths(example("2-production-mlag.yaml"), "api");
  const auto matrix = simulate(paths, {{"ctl2:eno2", 0.3}});
  LocalEvidence evidence;
  evidence.nics[{"ctl2", "eno2"}].error_increase = 840;
  const auto culprits = rank_culprits(paths, matrix, evidence);
  ASSERT_GE(culprits.size(), 2u);
  EXPECT_EQ(culprits[0].name, "ctl2:eno2");
  EXPECT_EQ(culprits[0].kind, ComponentKind::bond_member);
  EXPECT_EQ(culprits[1].name, "ctl2:eno2<->tor2:Eth1/2");
  EXPECT_NE(std::find(culprits[0].evidence.begin(), culprits[0].evidence.end(),
                      "ctl2:eno2: 840 NIC errors in the window"),
            culprits[0].evidence.end());
  // Without the counters, the other member is as suspect as this one.
  const auto blind = rank_culprits(paths, matrix, {});
  double eno1 = 0, eno2 = 0;
  for (const RankedCulprit& c : blind) {
    if (c.name == "ctl2:eno1") eno1 = c.confidence;
    if (c.name == "ctl2:eno2") eno2 = c.confidence;
  }
  EXPECT_GT(eno1, 0);
  EXPECT_DOUBLE_EQ(eno1, eno2);
}

TEST(CulpritRanking, CarrierLostOnEveryNicOfASwitchNamesTheSwitchWithoutLoss) {
  // An MLAG ToR going down: the bonds move to the other ToR, so the probes barely lose anything.
  const ProbePaths paths = probe_paths(example("2-production-mlag.yaml"), "mgmt");
  LocalEvidence evidence;
  for (const char* host : {"ctl1", "ctl2", "ctl3", "cmp1"}) evidence.nics[{host, "eno1"}].went_down = true;
  const auto culprits = rank_culprits(paths, simulate(paths, {}), evidence);
  ASSERT_FALSE(culprits.empty());
  EXPECT_EQ(culprits.front().kind, ComponentKind::switch_);
  EXPECT_EQ(culprits.front().name, "tor1");
  EXPECT_EQ(culprits.front().explains, "carrier lost on 4 of 4 NICs cabled to it");
  EXPECT_GT(culprits.front().confidence, 0.8);
}

TEST(CulpritRanking, OneNicLosingCarrierNamesItsSide) {
  const ProbePaths paths = probe_paths(example("2-production-mlag.yaml"), "mgmt");
  LocalEvidence evidence;
  evidence.nics[{"ctl3", "eno2"}].carrier_changes = 6;
  const auto culprits = rank_culprits(paths, simulate(paths, {}), evidence);
  ASSERT_GE(culprits.size(), 3u);
  EXPECT_EQ(culprits[0].name, "ctl3:eno2");
  EXPECT_EQ(culprits[1].name, "ctl3:eno2<->tor2:Eth1/3");
  EXPECT_EQ(culprits[2].name, "tor2:Eth1/3");
}

TEST(CulpritRanking, AllLostToOneHostPutsTheHostFirst) {
  const ProbePaths paths = probe_paths(example("1-one-rack-one-vlan.yaml"), "mgmt");
  const auto culprits = rank_culprits(paths, simulate(paths, {{"node3", 1.0}}), {});
  ASSERT_FALSE(culprits.empty());
  EXPECT_EQ(culprits.front().name, "node3");
  EXPECT_EQ(culprits.front().kind, ComponentKind::host);
}

TEST(CulpritRanking, ConfidenceFallsWhenTheEvidenceIsThin) {
  const ProbePaths paths = probe_paths(example("1-one-rack-one-vlan.yaml"), "mgmt");
  auto top_confidence = [&](const store::ProbeMatrix& matrix) {
    const auto culprits = rank_culprits(paths, matrix, {});
    double group = 0;
    for (const RankedCulprit& c : culprits) {
      if (c.explains == culprits.front().explains) group += c.confidence;
    }
    return group;
  };
  const double strong = top_confidence(simulate(paths, {{"node1:eno1", 0.2}}));
  // The same fault seen through few probes (few lost), and through little loss.
  const double few_probes = top_confidence(simulate(paths, {{"node1:eno1", 0.2}}, 20));
  const double little_loss = top_confidence(simulate(paths, {{"node1:eno1", 0.012}}, 300));
  EXPECT_GT(strong, 0.8);  // 4 lossy pairs (3 hosts): not quite certain
  EXPECT_LT(few_probes, strong);
  EXPECT_LT(little_loss, strong);
  // One lossy pair with three lost probes: something is wrong, but the ranking says it is unsure.
  store::ProbeMatrix one_pair = simulate(paths, {});
  for (store::ProbePair& pair : one_pair.pairs) {
    if (pair.src == "node1" && pair.dst == "node2") {
      pair.sent = 200;
      pair.lost = 3;
      pair.loss = 3.0 / 200;
    }
  }
  const auto thin = rank_culprits(paths, one_pair, {});
  ASSERT_FALSE(thin.empty());
  EXPECT_LT(thin.front().confidence, 0.1);
}

TEST(CulpritRanking, TwoFaultsGiveTwoCulprits) {
  const ProbePaths paths = probe_paths(example("5-leaf-spine-l3.yaml"), "mgmt");
  const auto culprits = rank_culprits(paths, simulate(paths, {{"r1n1:ens2", 0.2}, {"r3n2:ens2", 0.2}}), {});
  std::vector<std::string> names;
  for (const RankedCulprit& c : culprits) names.push_back(c.name);
  ASSERT_GE(names.size(), 2u);
  ASSERT_GE(names.size(), 8u);
  // Each fault's group (host, NIC, cable, port) is among the first eight, its NIC first of its group.
  EXPECT_NE(std::find(names.begin(), names.begin() + 8, "r1n1:ens2"), names.begin() + 8);
  EXPECT_NE(std::find(names.begin(), names.begin() + 8, "r3n2:ens2"), names.begin() + 8);
  EXPECT_NE(culprits[0].explains, culprits[7].explains);  // two explanations, one per fault
}

TEST(CulpritRanking, MergingNetworksKeepsTheBestAndTellsTheRest) {
  RankedCulprit on_mgmt{ComponentKind::nic, "n1:eno1", 0.4, "explains 2 of 2 lossy pairs on mgmt", {}};
  RankedCulprit on_api{ComponentKind::nic, "n1:eno1", 0.8, "explains 4 of 4 lossy pairs on api", {}};
  RankedCulprit other{ComponentKind::switch_, "sw1", 0.1, "x", {}};
  const auto merged = merge_rankings({{on_mgmt, other}, {on_api}});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].confidence, 0.8);
  EXPECT_EQ(merged[0].explains, on_api.explains);
  EXPECT_EQ(merged[0].evidence, std::vector<std::string>{"also: " + on_mgmt.explains});
}

TEST(ProbePaths, SharesFollowBondsAndEqualCostPaths) {
  const ProbePaths mlag = probe_paths(example("2-production-mlag.yaml"), "api");
  const auto* crossings = mlag.crossings("ctl1", "cmp1");
  ASSERT_NE(crossings, nullptr);
  std::map<std::string, double> share;
  for (const Crossing& c : *crossings) share[mlag.components[c.component].name] = c.share;
  EXPECT_DOUBLE_EQ(share["ctl1"], 1.0);
  EXPECT_DOUBLE_EQ(share["ctl1:eno1"], 0.5);
  EXPECT_DOUBLE_EQ(share["tor1"], 0.75);        // unless both ends hash to tor2
  EXPECT_DOUBLE_EQ(share["tor1<->tor2"], 0.5);  // when the ends hash to different ToRs
  EXPECT_EQ(share.count("spine1"), 0u);
  const ProbePaths l3 = probe_paths(example("5-leaf-spine-l3.yaml"), "mgmt");
  share.clear();
  for (const Crossing& c : *l3.crossings("r1n1", "r3n1")) share[l3.components[c.component].name] = c.share;
  EXPECT_DOUBLE_EQ(share["spine1"], 0.5);
  EXPECT_DOUBLE_EQ(share["leaf1<->spine2"], 0.5);
  EXPECT_DOUBLE_EQ(share["leaf3"], 1.0);
  EXPECT_TRUE(probe_paths(example("5-leaf-spine-l3.yaml"), "nosuch").pairs.empty());
}

}  // namespace
}  // namespace netkeel::analyze

namespace netkeel::analyze {
namespace {

TEST(CulpritRanking, SwitchDownBehindAnUplinkWhileItsHostsStillLookClean) {
  // sw2 down: everything to node4/node5 is lost; their own (older) results are still clean in the window.
  const ProbePaths paths = probe_paths(example("6-grown-two-racks.yaml"), "mgmt");
  store::ProbeMatrix matrix = simulate(paths, {{"sw2", 1.0}}, 40);
  for (store::ProbePair& pair : matrix.pairs) {
    if (pair.src == "node4" || pair.src == "node5") pair.lost = pair.loss = 0;
  }
  const auto culprits = rank_culprits(paths, matrix, {});
  ASSERT_FALSE(culprits.empty());
  // Their results cannot be current (the reverse pairs lose everything), so they contradict nothing, and
  // the switch and its uplink form one group (no current probe separates them), the switch first.
  EXPECT_EQ(culprits.front().name, "sw2");
  EXPECT_EQ(culprits.front().explains, "explains 6 of 6 lossy pairs on mgmt, no clean pair crosses it");
  ASSERT_GE(culprits.size(), 2u);
  EXPECT_EQ(culprits[1].name, "sw2<->sw1");
}

}  // namespace
}  // namespace netkeel::analyze
