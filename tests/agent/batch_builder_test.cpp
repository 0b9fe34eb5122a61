#include "netkeel/agent/batch_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "netkeel/store/batch_wire.hpp"
#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::agent {
namespace {

using std::chrono::milliseconds;

constexpr store::TimestampMs kWallNow = 1764150010000;

struct BatchBuilderTest : ::testing::Test {
  SteadyTime steady_now = SteadyTime{} + std::chrono::hours(5);
  TimeAnchor anchor{steady_now, kWallNow};
  AgentSnapshot snapshot;

  void SetUp() override {
    snapshot.site = "acme";
    snapshot.host = "node1";
    probe::TargetResult icmp;
    icmp.target = probe::ProbeTarget{"node1", "node2", probe::TargetRole::host, "mgmt", probe::ProbeKind::icmp,
                                     Ipv4Address(0x0a0a0001), Ipv4Address(0x0a0a0002), 0};
    icmp.sent_total = 120;
    icmp.lost_total = 3;
    icmp.interval.replies = {{steady_now - milliseconds(2500), std::chrono::microseconds(250)},
                             {steady_now - milliseconds(1500), std::chrono::microseconds(300)}};
    probe::TargetResult udp = icmp;
    udp.target.kind = probe::ProbeKind::udp;
    udp.target.port = 9946;
    udp.interval.replies.clear();  // nothing answered this interval
    snapshot.probes = {icmp, udp};
    snapshot.nics = {collect::NicCounters{"eno1", 2, "bond0", true, "up", 4, {{"rx_bytes", 1000}, {"tx_dropped", 2}}},
                     collect::NicCounters{"bond0", 3, "", true, "up", 1, {{"rx_bytes", 900}}}};
    snapshot.netstat = {{"Tcp", "RetransSegs", 17}, {"TcpExt", "ListenDrops", 0}};
    snapshot.link_transitions = {{"eno2", 2}};
    snapshot.link_events = {collect::LinkEvent{"eno2", 4, false, false, milliseconds(kWallNow - 4000)},
                            collect::LinkEvent{"eno2", 4, true, false, milliseconds(kWallNow - 3000)}};
    snapshot.responder_answered_total = 55;
  }

  // The values of every sample of the series with this metric and these labels (a subset).
  std::vector<store::Sample> samples(const store::Batch& batch, const std::string& metric,
                                     const std::vector<store::Label>& labels = {}) const {
    std::vector<store::Sample> out;
    for (std::uint32_t i = 0; i < batch.series.size(); ++i) {
      const auto& s = batch.series[i];
      if (s.metric != metric) continue;
      bool match = true;
      for (const auto& l : labels) match = match && s.label(l.name) == l.value;
      if (!match) continue;
      for (const auto& sample : batch.samples)
        if (sample.series == i) out.push_back(sample);
    }
    return out;
  }
};

TEST_F(BatchBuilderTest, TheBatchIsValidAndSurvivesTheWireFormat) {
  const store::Batch batch = build_batch(snapshot, anchor);
  EXPECT_NO_THROW(store::validate_batch(batch));
  EXPECT_EQ(batch.id.agent_host, "node1");
  const store::Batch decoded = store::decode_batch_json(store::encode_batch_json(batch));
  EXPECT_EQ(decoded.series, batch.series);
  EXPECT_EQ(decoded.samples.size(), batch.samples.size());
  EXPECT_EQ(decoded.events, batch.events);
}

TEST_F(BatchBuilderTest, ProbeCountersAreCumulativeAtTheCollectionTimeWithTheMetricsPageLabels) {
  const store::Batch batch = build_batch(snapshot, anchor);
  const auto sent = samples(batch, "netkeel_probe_sent_total", {{"src", "node1"}, {"dst", "node2"}, {"network", "mgmt"}, {"kind", "icmp"}});
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].value, 120);
  EXPECT_EQ(sent[0].timestamp_ms, kWallNow);
  const auto& series = batch.series[sent[0].series];
  EXPECT_EQ(series.label("address"), "10.10.0.2");
  EXPECT_EQ(series.label("port"), "0");
  EXPECT_EQ(samples(batch, "netkeel_probe_lost_total", {{"kind", "icmp"}}).at(0).value, 3);
  EXPECT_EQ(samples(batch, "netkeel_probe_sent_total", {{"kind", "udp"}}).at(0).value, 120);
}

TEST_F(BatchBuilderTest, OneRttSamplePerAnsweredProbeAtItsReplyTime) {
  const store::Batch batch = build_batch(snapshot, anchor);
  const auto rtt = samples(batch, "netkeel_probe_rtt_seconds", {{"kind", "icmp"}});
  ASSERT_EQ(rtt.size(), 2u);
  EXPECT_EQ(rtt[0].timestamp_ms, kWallNow - 2500);
  EXPECT_DOUBLE_EQ(rtt[0].value, 250e-6);
  EXPECT_EQ(rtt[1].timestamp_ms, kWallNow - 1500);
  EXPECT_DOUBLE_EQ(rtt[1].value, 300e-6);
  EXPECT_TRUE(samples(batch, "netkeel_probe_rtt_seconds", {{"kind", "udp"}}).empty());
}

TEST_F(BatchBuilderTest, TheStoresProbeMatrixReadsTheShippedSeries) {
  const store::Batch batch = build_batch(snapshot, anchor);
  std::vector<store::SeriesPoints> sent, lost, rtt;
  for (std::uint32_t i = 0; i < batch.series.size(); ++i) {
    store::SeriesPoints points{batch.series[i], {}};
    for (const auto& s : batch.samples)
      if (s.series == i) points.points.push_back({s.timestamp_ms, s.value});
    if (batch.series[i].metric == store::probe_sent_metric) sent.push_back(points);
    if (batch.series[i].metric == store::probe_lost_metric) lost.push_back(points);
    if (batch.series[i].metric == store::probe_rtt_metric) rtt.push_back(points);
  }
  const store::ProbeMatrix matrix = store::compute_probe_matrix("mgmt", sent, lost, rtt);
  ASSERT_EQ(matrix.pairs.size(), 1u);
  EXPECT_EQ(matrix.pairs[0].src, "node1");
  EXPECT_EQ(matrix.pairs[0].dst, "node2");
  EXPECT_NEAR(matrix.pairs[0].rtt_p50_seconds, 275e-6, 1e-9);
}

TEST_F(BatchBuilderTest, NicNetstatResponderAndLinkFiguresUseTheMetricsPageNames) {
  const store::Batch batch = build_batch(snapshot, anchor);
  EXPECT_EQ(samples(batch, "netkeel_nic_rx_bytes_total", {{"interface", "eno1"}}).at(0).value, 1000);
  EXPECT_EQ(samples(batch, "netkeel_nic_tx_dropped_total", {{"interface", "eno1"}}).at(0).value, 2);
  EXPECT_EQ(samples(batch, "netkeel_nic_carrier_changes_total", {{"interface", "eno1"}}).at(0).value, 4);
  const auto carrier = samples(batch, "netkeel_nic_carrier", {{"interface", "eno1"}, {"master", "bond0"}, {"oper_state", "up"}});
  ASSERT_EQ(carrier.size(), 1u);
  EXPECT_EQ(carrier[0].value, 1);
  EXPECT_EQ(batch.series[samples(batch, "netkeel_nic_carrier", {{"interface", "bond0"}}).at(0).series].labels.size(), 2u)
      << "an empty master is left out, as Prometheus treats it";
  EXPECT_EQ(samples(batch, "netkeel_netstat_Tcp_RetransSegs").at(0).value, 17);
  EXPECT_EQ(samples(batch, "netkeel_link_transitions_total", {{"interface", "eno2"}}).at(0).value, 2);
  EXPECT_EQ(samples(batch, "netkeel_responder_answered_total").at(0).value, 55);
  EXPECT_EQ(samples(batch, "netkeel_collector_errors").at(0).value, 0);
}

TEST_F(BatchBuilderTest, LinkEventsBecomeStoreEventsAtTheirOwnTime) {
  const store::Batch batch = build_batch(snapshot, anchor);
  ASSERT_EQ(batch.events.size(), 2u);
  EXPECT_EQ(batch.events[0].kind, "link_down");
  EXPECT_EQ(batch.events[0].host, "node1");
  EXPECT_EQ(batch.events[0].timestamp_ms, kWallNow - 4000);
  EXPECT_NE(batch.events[0].text.find("eno2"), std::string::npos);
  EXPECT_EQ(batch.events[1].kind, "link_up");
}

}  // namespace
}  // namespace netkeel::agent
