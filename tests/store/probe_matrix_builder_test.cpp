// The probe matrix's pure parts as the back ends' speed work left them: two percentiles from one
// selection, RTTs pooled across a pair's series from one shared buffer, pair keys that cannot collide,
// and a builder reused across queries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "netkeel/store/probe_matrix.hpp"
#include "store/store_conformance.hpp"

namespace netkeel::store {
namespace {

using testing::counter_series;
using testing::rtt_series;

TEST(ProbeMatrixBuilder, TwoPercentilesFromOneSelectionEqualTheSortedDefinition) {
  std::mt19937_64 rng(1);
  for (std::size_t n : {1u, 2u, 3u, 7u, 100u, 301u, 1000u}) {
    for (auto [q_low, q_high] : {std::pair{0.5, 0.99}, std::pair{0.0, 1.0}, std::pair{0.5, 0.5}, std::pair{0.9, 0.91}}) {
      std::vector<double> values(n);
      for (double& v : values) v = static_cast<double>(rng() % 50) * 0.001;  // with ties
      std::vector<double> sorted = values;
      std::sort(sorted.begin(), sorted.end());
      const auto [low, high] = select_percentiles(values, q_low, q_high);
      EXPECT_EQ(percentile(sorted, q_low), low) << n << " " << q_low;
      EXPECT_EQ(percentile(sorted, q_high), high) << n << " " << q_high;
    }
  }
  std::vector<double> none;
  EXPECT_TRUE(std::isnan(select_percentiles(none, 0.5, 0.99).first));
}

// The selection's hard inputs: all equal (the quickselect hands over to std::nth_element), sorted, reversed,
// few distinct values, every rank.
TEST(ProbeMatrixBuilder, PercentilesOfHardInputsEqualTheSortedDefinition) {
  std::mt19937_64 rng(3);
  std::vector<std::vector<double>> inputs;
  inputs.push_back(std::vector<double>(1000, 0.25));
  std::vector<double> ascending(777);
  for (std::size_t i = 0; i < ascending.size(); ++i) ascending[i] = static_cast<double>(i) * 1e-6;
  inputs.push_back(ascending);
  inputs.push_back(std::vector<double>(ascending.rbegin(), ascending.rend()));
  std::vector<double> two_values(500);
  for (double& v : two_values) v = rng() % 2 == 0 ? 1.0 : 2.0;
  inputs.push_back(two_values);
  for (const auto& input : inputs) {
    std::vector<double> sorted = input;
    std::sort(sorted.begin(), sorted.end());
    for (double q : {0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1.0}) {
      std::vector<double> values = input;
      EXPECT_EQ(percentile(sorted, q), select_percentile(values, q)) << input.size() << " " << q;
      values = input;
      const auto [low, high] = select_percentiles(values, 0.5, q < 0.5 ? 0.5 : q);
      EXPECT_EQ(percentile(sorted, 0.5), low);
      EXPECT_EQ(percentile(sorted, q < 0.5 ? 0.5 : q), high) << input.size() << " " << q;
    }
  }
}

std::vector<Point> points(std::initializer_list<double> values) {
  std::vector<Point> out;
  std::int64_t t = 0;
  for (double v : values) out.push_back({t += 1000, v});
  return out;
}

TEST(ProbeMatrixBuilder, PoolsAPairsRttSeriesAndKeepsPairsApart) {
  ProbeMatrixBuilder builder;
  builder.add_rtt(rtt_series("a", "b", "mgmt", "icmp"), points({1, 2, 3}));
  builder.add_rtt(rtt_series("a", "c", "mgmt", "icmp"), points({10}));
  builder.add_rtt(rtt_series("a", "b", "mgmt", "udp"), points({4, 5, std::nan("")}));
  builder.add_sent(counter_series(probe_sent_metric, "a", "b"), points({0, 10}));
  // Keys that a naive concatenation would merge: ("a1", "") and ("a", "1").
  builder.add_sent(counter_series(probe_sent_metric, "a1", ""), points({0, 1}));
  builder.add_sent(counter_series(probe_sent_metric, "a", "1"), points({0, 2}));
  const ProbeMatrix matrix = builder.build("mgmt");
  ASSERT_EQ(4u, matrix.pairs.size());
  EXPECT_EQ("1", matrix.pairs[0].dst);  // sorted by (src, dst): (a,1) (a,b) (a,c) (a1,"")
  EXPECT_DOUBLE_EQ(2, matrix.pairs[0].sent);
  EXPECT_EQ("b", matrix.pairs[1].dst);
  EXPECT_DOUBLE_EQ(3, matrix.pairs[1].rtt_p50_seconds);  // of {1, 2, 3, 4, 5}
  EXPECT_DOUBLE_EQ(10, matrix.pairs[1].sent);
  EXPECT_DOUBLE_EQ(10, matrix.pairs[2].rtt_p99_seconds);
  EXPECT_EQ("a1", matrix.pairs[3].src);
  EXPECT_DOUBLE_EQ(1, matrix.pairs[3].sent);
  EXPECT_TRUE(std::isnan(matrix.pairs[3].rtt_p50_seconds));
}

// A crashed agent loses its UDP probes while ICMP ones answer: each kind's loss stays apart, and a query
// for one kind counts only its series (its RTTs too) while still listing every kind.
TEST(ProbeMatrixBuilder, KeepsEachKindsLossAndCountsOnlyTheAskedKind) {
  for (const std::string only : {"", "udp"}) {
    ProbeMatrixBuilder builder;
    builder.count_only_kind(only);
    builder.add_sent(counter_series(probe_sent_metric, "a", "b", "mgmt", "icmp"), points({0, 40}));
    builder.add_lost(counter_series(probe_lost_metric, "a", "b", "mgmt", "icmp"), points({0, 1}));
    builder.add_sent_increase(counter_series(probe_sent_metric, "a", "b", "mgmt", "udp"), 20);
    builder.add_lost_increase(counter_series(probe_lost_metric, "a", "b", "mgmt", "udp"), 15);
    EXPECT_EQ(only.empty(), builder.counts(rtt_series("a", "b", "mgmt", "icmp")));
    builder.add_rtt(rtt_series("a", "b", "mgmt", "icmp"), points({1, 2, 3}));
    builder.add_rtt(rtt_series("a", "b", "mgmt", "udp"), points({7}));
    const ProbeMatrix matrix = builder.build("mgmt");
    ASSERT_EQ(1u, matrix.pairs.size()) << only;
    const ProbePair& ab = matrix.pairs[0];
    EXPECT_THAT(ab.kinds, ::testing::ElementsAre(ProbeKindLoss{"icmp", 40, 1, 0.025}, ProbeKindLoss{"udp", 20, 15, 0.75}));
    if (only.empty()) {
      EXPECT_DOUBLE_EQ(60, ab.sent);
      EXPECT_DOUBLE_EQ(16, ab.lost);
      EXPECT_DOUBLE_EQ(2.5, ab.rtt_p50_seconds);  // of {1, 2, 3, 7}
    } else {
      EXPECT_DOUBLE_EQ(20, ab.sent);
      EXPECT_DOUBLE_EQ(15, ab.lost);
      EXPECT_DOUBLE_EQ(0.75, ab.loss);
      EXPECT_DOUBLE_EQ(7, ab.rtt_p50_seconds);
    }
  }
  ProbeMatrixBuilder builder;  // clear() forgets the kind
  builder.count_only_kind("udp");
  builder.clear();
  EXPECT_TRUE(builder.counts(rtt_series("a", "b", "mgmt", "icmp")));
}

TEST(ProbeMatrixBuilder, ClearedBuilderStartsOver) {
  ProbeMatrixBuilder builder;
  builder.add_rtt(rtt_series("a", "b"), points({1, 2}));
  builder.build("mgmt");
  builder.clear();
  builder.add_rtt(rtt_series("x", "y"), points({7}));
  const ProbeMatrix matrix = builder.build("mgmt");
  ASSERT_EQ(1u, matrix.pairs.size());
  EXPECT_EQ("x", matrix.pairs[0].src);
  EXPECT_DOUBLE_EQ(7, matrix.pairs[0].rtt_p50_seconds);
}

}  // namespace
}  // namespace netkeel::store
