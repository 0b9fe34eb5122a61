#include "netkeel/agent/prometheus_text.hpp"

#include <gtest/gtest.h>

#include "netkeel/agent/snapshot_json.hpp"

namespace netkeel::agent {
namespace {

AgentSnapshot sample() {
  AgentSnapshot s;
  s.site = "lab";
  s.host = "node1";
  probe::TargetResult r;
  r.target = probe::ProbeTarget{"node1", "node2", probe::TargetRole::host, "mgmt", probe::ProbeKind::udp,
                                Ipv4Address(0x0a000001), Ipv4Address(0x0a000002), 9946};
  r.interval.sent = 10;
  r.interval.lost = 2;
  r.interval.rtt = probe::RttSummary{std::chrono::microseconds(100), std::chrono::microseconds(150),
                                     std::chrono::microseconds(300), std::chrono::microseconds(140),
                                     std::chrono::microseconds(300)};
  r.sent_total = 30;
  r.lost_total = 4;
  r.rtt_sum_total = std::chrono::microseconds(3900);
  s.probes.push_back(r);
  collect::NicCounters nic;
  nic.name = "eth\"0";
  nic.carrier = true;
  nic.oper_state = "up";
  nic.carrier_changes = 3;
  nic.stats["rx_bytes"] = 1234;
  s.nics.push_back(nic);
  s.netstat.push_back({"Tcp", "RetransSegs", 5});
  s.link_transitions["eth0"] = 2;
  return s;
}

TEST(PrometheusText, ProbeSeriesCarryTheirLabels) {
  const std::string text = render_prometheus_text(sample());
  const std::string labels = R"(src="node1",dst="node2",network="mgmt",kind="udp",address="10.0.0.2",port="9946")";
  EXPECT_NE(text.find("# TYPE netkeel_probe_sent_total counter\nnetkeel_probe_sent_total{" + labels + "} 30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("netkeel_probe_lost_total{" + labels + "} 4\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_probe_rtt_seconds{" + labels + ",quantile=\"0.5\"} 0.000140000\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_probe_rtt_seconds{" + labels + ",quantile=\"0.99\"} 0.000300000\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_probe_rtt_seconds_count{" + labels + "} 26\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_probe_rtt_seconds_sum{" + labels + "} 0.003900000\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_probe_interval_loss_ratio{" + labels + "} 0.2\n"), std::string::npos);
}

TEST(PrometheusText, NicNetstatAndLinkSeriesEscapeLabels) {
  const std::string text = render_prometheus_text(sample());
  EXPECT_NE(text.find("netkeel_nic_rx_bytes_total{interface=\"eth\\\"0\"} 1234\n"), std::string::npos) << text;
  EXPECT_NE(text.find("netkeel_nic_carrier_changes_total{interface=\"eth\\\"0\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_netstat_Tcp_RetransSegs 5\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_link_transitions_total{interface=\"eth0\"} 2\n"), std::string::npos);
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

TEST(PrometheusText, DampedLinkStatesShowFlappingAndUp) {
  AgentSnapshot s = sample();
  s.link_states = {{"eth0", DampedState::flapping}, {"eth1", DampedState::up}};
  const std::string text = render_prometheus_text(s);
  EXPECT_NE(text.find("netkeel_link_flapping{host=\"node1\",interface=\"eth0\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("netkeel_link_up{host=\"node1\",interface=\"eth0\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_link_flapping{host=\"node1\",interface=\"eth1\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_link_up{host=\"node1\",interface=\"eth1\"} 1\n"), std::string::npos);
}

TEST(PrometheusText, ShippingCountersAppearOnlyWhenTheSnapshotHasThem) {
  AgentSnapshot s = sample();
  EXPECT_EQ(render_prometheus_text(s).find("netkeel_agent_"), std::string::npos);
  s.shipping = ShippingCounters{};
  s.shipping->spool_batches = 3;
  s.shipping->corrupt_trimmed_files = 2;
  s.shipping->failures["unreachable"] = 5;
  const std::string text = render_prometheus_text(s);
  EXPECT_NE(text.find("# TYPE netkeel_agent_spool_batches gauge\nnetkeel_agent_spool_batches 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("netkeel_agent_spool_corrupt_trimmed_files_total 2\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_agent_ship_failures_total{reason=\"unreachable\"} 5\n"), std::string::npos);
}

TEST(PrometheusText, LargeCountersPrintAsIntegers) {
  AgentSnapshot s = sample();
  s.nics[0].stats["rx_bytes"] = 9007199254740992ull;  // 2^53: every count up to here is exact
  EXPECT_NE(render_prometheus_text(s).find("netkeel_nic_rx_bytes_total{interface=\"eth\\\"0\"} 9007199254740992\n"), std::string::npos);
}

TEST(PrometheusText, EveryLineIsACommentOrASample) {
  const std::string text = render_prometheus_text(sample());
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "last line not terminated";
    const std::string line = text.substr(start, end - start);
    EXPECT_TRUE(line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0 || line.rfind("netkeel_", 0) == 0) << line;
    start = end + 1;
  }
}

TEST(SnapshotJson, ProbesNicsNetstat) {
  const auto j = snapshot_json(sample());
  EXPECT_EQ(j["host"], "node1");
  EXPECT_EQ(j["probes"][0]["sent"], 10);
  EXPECT_EQ(j["probes"][0]["lost"], 2);
  EXPECT_DOUBLE_EQ(j["probes"][0]["loss"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(j["probes"][0]["rtt_seconds"]["p50"].get<double>(), 0.00014);
  EXPECT_EQ(j["nics"][0]["stats"]["rx_bytes"], 1234);
  EXPECT_EQ(j["netstat"]["Tcp"]["RetransSegs"], 5);
}

}  // namespace
}  // namespace netkeel::agent
