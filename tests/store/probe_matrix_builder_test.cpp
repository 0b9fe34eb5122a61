// The probe matrix's pure parts as the back ends' speed work left them: RTTs pooled across a pair's
// series from one shared buffer into the RTT histogram, pair keys that cannot collide, and a builder
// reused across queries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/rtt_histogram.hpp"
#include "store/store_conformance.hpp"

namespace netkeel::store {
namespace {

using testing::counter_series;
using testing::rtt_series;

// What the matrix reports for an RTT: its histogram bucket's value (rtt_histogram.hpp).
double bucketed(double seconds) { return rtt_bucket_value(rtt_bucket(seconds)); }

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
  EXPECT_DOUBLE_EQ(bucketed(3), matrix.pairs[1].rtt_p50_seconds);  // of {1, 2, 3, 4, 5}
  EXPECT_DOUBLE_EQ(10, matrix.pairs[1].sent);
  EXPECT_DOUBLE_EQ(bucketed(10), matrix.pairs[2].rtt_p99_seconds);
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
      EXPECT_DOUBLE_EQ((bucketed(2) + bucketed(3)) / 2, ab.rtt_p50_seconds);  // of {1, 2, 3, 7}
    } else {
      EXPECT_DOUBLE_EQ(20, ab.sent);
      EXPECT_DOUBLE_EQ(15, ab.lost);
      EXPECT_DOUBLE_EQ(0.75, ab.loss);
      EXPECT_DOUBLE_EQ(bucketed(7), ab.rtt_p50_seconds);
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
  EXPECT_DOUBLE_EQ(bucketed(7), matrix.pairs[0].rtt_p50_seconds);
}

}  // namespace
}  // namespace netkeel::store
