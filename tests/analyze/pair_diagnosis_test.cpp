// `diagnose pair`: each way between two hosts hop by hop from the cabling, the suspect hop marked, loss
// and RTT per probe kind from synthetic series, and the verdict.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/analyze/pair_diagnosis.hpp"
#include "netkeel/site/site_loader.hpp"

namespace netkeel::analyze {
namespace {

using ::testing::HasSubstr;

ProbePaths paths_of(const std::string& file, const std::string& network) {
  auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + file);
  return probe_paths(*loaded.site, network);
}

TEST(PairFlows, FlatShapeHasOneWayHopByHop) {
  const ProbePaths paths = paths_of("1-one-rack-one-vlan.yaml", "mgmt");
  const std::vector<RankedCulprit> culprits = {{ComponentKind::nic, "node2:eno1", 0.34, "", {}},
                                               {ComponentKind::host, "node2", 0.05, "", {}}};
  const auto flows = pair_flows(paths, "node1", "node2", culprits);
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(flows[0].share, 1);
  EXPECT_EQ(path_text(flows[0]),
            "node1 > nic node1:eno1 > cable node1:eno1<->sw1:1 > switch-port sw1:1 > switch sw1 > switch-port sw1:2 > "
            "cable node2:eno1<->sw1:2 > nic node2:eno1 [suspect 0.34] > node2");
  EXPECT_TRUE(pair_flows(paths, "node1", "nobody", {}).empty());
}

TEST(PairFlows, BondsToAnMlagPairGiveEveryMemberPairItsShare) {
  const ProbePaths paths = paths_of("2-production-mlag.yaml", "mgmt");
  const auto flows = pair_flows(paths, "ctl1", "ctl2", {});
  double total = 0;
  for (const PairFlow& flow : flows) total += flow.share;
  EXPECT_NEAR(total, 1.0, 1e-9);
  ASSERT_EQ(flows.size(), 4u);  // two members each: each member pair, over one ToR or across the peer link
  for (const PairFlow& flow : flows) {
    EXPECT_EQ(flow.hops.front().name, "ctl1");
    EXPECT_EQ(flow.hops.back().name, "ctl2");
    EXPECT_EQ(flow.hops[1].kind, ComponentKind::bond_member);
  }
  // A flow between members on different ToRs crosses the peer link.
  bool crosses_peer_link = false;
  for (const PairFlow& flow : flows) crosses_peer_link |= path_text(flow).find("uplink tor1<->tor2") != std::string::npos;
  EXPECT_TRUE(crosses_peer_link);
}

TEST(PairFlows, TheCrossingsAgreeWithTheFlows) {
  // The shares the ranking uses are the sums over the flows that cross each component.
  const ProbePaths paths = paths_of("2-production-mlag.yaml", "api");
  for (const auto& [pair, crossings] : paths.pairs) {
    std::map<std::size_t, double> summed;
    for (const FlowPath& flow : flow_paths(paths, pair.first, pair.second)) {
      std::set<std::size_t> crossed(flow.hops.begin(), flow.hops.end());
      for (std::size_t c : crossed) summed[c] += flow.share;
    }
    for (const Crossing& crossing : crossings) {
      if (paths.components[crossing.component].kind == ComponentKind::network) continue;
      EXPECT_NEAR(std::min(summed[crossing.component], 1.0), crossing.share, 1e-9)
          << pair.first << "->" << pair.second << " " << paths.components[crossing.component].name;
    }
  }
}

store::SeriesPoints series(const char* metric, const char* kind, std::vector<double> values) {
  store::SeriesPoints out{store::make_series(metric, {{"src", "node1"}, {"dst", "node2"}, {"network", "mgmt"}, {"kind", kind}}), {}};
  for (std::size_t i = 0; i < values.size(); ++i) out.points.push_back({static_cast<std::int64_t>(i) * 1000, values[i]});
  return out;
}

TEST(ProbesByKind, CountsAndPercentilesPerKind) {
  const auto kinds = probes_by_kind({series("netkeel_probe_sent_total", "icmp", {10, 110}),
                                     series("netkeel_probe_sent_total", "udp", {0, 50})},
                                    {series("netkeel_probe_lost_total", "icmp", {0, 20}),
                                     series("netkeel_probe_lost_total", "udp", {0, 0})},
                                    {series("netkeel_probe_rtt_seconds", "udp", {0.001, 0.002, 0.003})});
  ASSERT_EQ(kinds.size(), 2u);
  EXPECT_EQ(kinds[0].kind, "icmp");
  EXPECT_EQ(kinds[0].sent, 100);
  EXPECT_DOUBLE_EQ(kinds[0].loss, 0.2);
  EXPECT_TRUE(std::isnan(kinds[0].rtt_p50_s));
  EXPECT_EQ(kinds[1].kind, "udp");
  EXPECT_DOUBLE_EQ(kinds[1].rtt_p50_s, 0.002);
}

TEST(PairVerdict, NamesTheLossAndTheSuspectHop) {
  const ProbePaths paths = paths_of("1-one-rack-one-vlan.yaml", "mgmt");
  PairDiagnosis d{"node1", "node2", 600, 3600, {}, kNoSourcePorts, ""};
  KindProbes lossy{"icmp", 600, 120, 0.2, 0.0002, 0.0004};
  KindProbes clean{"udp", 600, 0, 0, 0.0002, 0.0004};
  d.networks.push_back({"mgmt",
                        pair_flows(paths, "node1", "node2", {{ComponentKind::nic, "node2:eno1", 0.34, "", {}}}),
                        {{"node1", "node2", {{lossy, {}}, {clean, {}}}}, {"node2", "node1", {{clean, {}}}}}});
  EXPECT_EQ(pair_verdict(d), "loss on 1 of 2 networks and directions (mgmt node1->node2 10.0% (icmp)); the suspect "
                             "hop on its path: nic node2:eno1 (0.34)");
  d.verdict = pair_verdict(d);
  const std::string table = pair_diagnosis_table(pair_diagnosis_json(d));
  EXPECT_THAT(table, HasSubstr("node1 <-> node2 over the last 600 s (baseline: the 3600 s before)\nverdict: loss on 1"));
  EXPECT_THAT(table, HasSubstr("  path (100% of flows): node1 > nic node1:eno1"));
  EXPECT_THAT(table, HasSubstr("node1->node2     icmp  20.0% (120/600)          0.20     0.40  -"));
  EXPECT_THAT(table, HasSubstr("per source port: not known"));

  PairDiagnosis quiet{"node1", "node2", 600, 3600, {}, kNoSourcePorts, ""};
  EXPECT_EQ(pair_verdict(quiet), "no probes between node1 and node2 in the window: nothing to judge by");
  d.networks[0].directions[0].kinds[0].now = clean;
  EXPECT_EQ(pair_verdict(d), "no loss between node1 and node2: 2 networks and directions clean");
  // Kinds too thin to count alone count together: 2 lost of icmp and 2 of udp are 4 lost that way.
  d.networks[0].directions[1].kinds = {{{"icmp", 16, 2, 0.125}, {}}, {{"udp", 16, 2, 0.125}, {}}};
  EXPECT_EQ(pair_verdict(d), "loss on 1 of 2 networks and directions (mgmt node2->node1 12.5% (icmp,udp)); the suspect "
                             "hop on its path: nic node2:eno1 (0.34)");
}

}  // namespace
}  // namespace netkeel::analyze
