// NIC error counters as local evidence: which counters count as what, and how they split a group the
// probes cannot (a NIC, its cable, its switch port and its host on the flat one-switch shape).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "netkeel/analyze/culprit_ranking.hpp"
#include "netkeel/analyze/nic_counter_evidence.hpp"
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/site/site_loader.hpp"

namespace netkeel::analyze {
namespace {

using ::testing::HasSubstr;

store::SeriesPoints counter(const std::string& name, const std::string& host, const std::string& nic,
                            std::vector<double> values) {
  store::SeriesPoints out{store::make_series("netkeel_nic_" + name + "_total", {{"host", host}, {"interface", nic}}), {}};
  for (std::size_t i = 0; i < values.size(); ++i) out.points.push_back({static_cast<std::int64_t>(i) * 10000, values[i]});
  return out;
}

ProbePaths flat_mgmt() {
  auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml");
  return probe_paths(*loaded.site, "mgmt");
}

// node2's NIC side loses `loss` of every probe through it.
store::ProbeMatrix node2_lossy(double loss) {
  store::ProbeMatrix matrix{"mgmt", {}};
  for (const char* src : {"node1", "node2", "node3"}) {
    for (const char* dst : {"node1", "node2", "node3"}) {
      if (std::string(src) == dst) continue;
      const bool lossy = std::string(src) == "node2" || std::string(dst) == "node2";
      const double lost = lossy ? std::round(600 * loss) : 0;
      matrix.pairs.push_back({src, dst, 600, lost, lost / 600, 0.0001, 0.0002, {}});
    }
  }
  return matrix;
}

double confidence_of(const std::vector<RankedCulprit>& culprits, const std::string& name) {
  for (const RankedCulprit& c : culprits) {
    if (c.name == name) return c.confidence;
  }
  return 0;
}

TEST(NicCounterEvidence, CountsEachCounterWhereItPoints) {
  LocalEvidence evidence;
  const std::vector<store::SeriesPoints> series = {
      counter("rx_errors", "node2", "eno1", {5, 9, 17}),
      counter("rx_crc_errors", "node2", "eno1", {5, 9, 17}),
      counter("rx_fifo_errors", "node3", "eno1", {0, 4}),
      counter("rx_dropped", "node3", "eno1", {100, 160}),
      counter("carrier_changes", "node1", "eno1", {2, 2, 6}),
      counter("tx_dropped", "node1", "eno1", {7, 7}),  // flat: says nothing
      counter("rx_bytes", "node1", "eno1", {0, 1e6}),  // not evidence
  };
  add_nic_counter_evidence(evidence, series);
  const NicEvidence* node2 = evidence.find("node2", "eno1");
  ASSERT_NE(node2, nullptr);
  EXPECT_EQ(node2->error_increase, 12);
  EXPECT_EQ(node2->wire_errors, 12);
  EXPECT_EQ(node2->device_errors, 0);
  EXPECT_EQ(describe_nic_evidence("node2", "eno1", *node2), "node2:eno1: rx_crc_errors +12, rx_errors +12 in the window");
  const NicEvidence* node3 = evidence.find("node3", "eno1");
  ASSERT_NE(node3, nullptr);
  EXPECT_EQ(node3->device_errors, 4);
  EXPECT_EQ(node3->drop_increase, 60);
  const NicEvidence* node1 = evidence.find("node1", "eno1");
  ASSERT_NE(node1, nullptr);
  EXPECT_EQ(node1->carrier_changes, 4);
  EXPECT_TRUE(node1->rising.count("carrier_changes"));
  EXPECT_FALSE(node1->rising.count("tx_dropped"));
  EXPECT_FALSE(has_local_signal(NicEvidence{.drop_increase = 60}));  // drops alone are no signal
}

TEST(NicCounterEvidence, CrcErrorsPutTheCableFirstAndSayWhatTheyCannotSplit) {
  const ProbePaths paths = flat_mgmt();
  const auto blind = rank_culprits(paths, node2_lossy(0.2), {});
  ASSERT_FALSE(blind.empty());
  EXPECT_EQ(blind[0].name, "node2:eno1");  // without counters: the NIC, by how often NICs fail
  LocalEvidence evidence;
  add_nic_counter_evidence(evidence, std::vector{counter("rx_errors", "node2", "eno1", {0, 40}),
                                                  counter("rx_crc_errors", "node2", "eno1", {0, 40})});
  const auto culprits = rank_culprits(paths, node2_lossy(0.2), evidence);
  ASSERT_GE(culprits.size(), 4u);
  EXPECT_EQ(culprits[0].kind, ComponentKind::cable);
  EXPECT_EQ(culprits[0].name, "node2:eno1<->sw1:2");
  EXPECT_GT(culprits[0].confidence, confidence_of(blind, "node2:eno1<->sw1:2"));
  EXPECT_THAT(culprits[0].evidence, ::testing::Contains("node2:eno1: rx_crc_errors +40, rx_errors +40 in the window"));
  EXPECT_THAT(culprits[0].evidence, ::testing::Contains(HasSubstr("cannot tell the cable from the port")));
  // The counters split the group, so the hint that they would is gone.
  for (const std::string& line : culprits[0].evidence) EXPECT_THAT(line, ::testing::Not(HasSubstr("would split them")));
  // The host is the least likely: its NIC says the wire is bad.
  EXPECT_LT(confidence_of(culprits, "node2"), confidence_of(culprits, "sw1:2"));
}

TEST(NicCounterEvidence, TheNicsOwnErrorsPutTheNicFirst) {
  const ProbePaths paths = flat_mgmt();
  LocalEvidence evidence;
  add_nic_counter_evidence(evidence, std::vector{counter("rx_errors", "node2", "eno1", {0, 40}),
                                                  counter("rx_missed_errors", "node2", "eno1", {0, 40})});
  const auto culprits = rank_culprits(paths, node2_lossy(0.2), evidence);
  ASSERT_FALSE(culprits.empty());
  EXPECT_EQ(culprits[0].name, "node2:eno1");
  EXPECT_GT(culprits[0].confidence, 2 * confidence_of(culprits, "node2:eno1<->sw1:2"));
}

TEST(NicCounterEvidence, ErrorsWithoutLossNameTheNicSideWithLowConfidence) {
  const ProbePaths paths = flat_mgmt();
  LocalEvidence evidence;
  add_nic_counter_evidence(evidence, std::vector{counter("rx_errors", "node3", "eno1", {0, 30}),
                                                  counter("rx_crc_errors", "node3", "eno1", {0, 30})});
  const auto culprits = rank_culprits(paths, node2_lossy(0), evidence);
  ASSERT_EQ(culprits.size(), 1u);
  EXPECT_EQ(culprits[0].kind, ComponentKind::cable);
  EXPECT_EQ(culprits[0].name, "node3:eno1<->sw1:3");
  EXPECT_GT(culprits[0].confidence, 0.1);
  EXPECT_LT(culprits[0].confidence, 0.3);
  EXPECT_THAT(culprits[0].explains, HasSubstr("though no probe was lost through it"));
  // Drops alone name nothing: a stack drops frames for harmless reasons.
  LocalEvidence drops;
  add_nic_counter_evidence(drops, std::vector{counter("rx_dropped", "node3", "eno1", {0, 500})});
  EXPECT_TRUE(rank_culprits(paths, node2_lossy(0), drops).empty());
}

}  // namespace
}  // namespace netkeel::analyze
