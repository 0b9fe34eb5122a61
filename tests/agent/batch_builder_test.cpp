#include "netkeel/agent/batch_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <sstream>

#include "netkeel/agent/metric_families.hpp"
#include "netkeel/agent/prometheus_text.hpp"
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

  using Labels = std::vector<store::Label>;

  // The labels (sorted by name) of the one series with this metric and these labels (a subset).
  Labels labels_of(const store::Batch& batch, const std::string& metric, const Labels& labels = {}) const {
    const auto got = samples(batch, metric, labels);
    if (got.size() != 1) {
      ADD_FAILURE() << metric << ": " << got.size() << " samples, expected 1";
      return {};
    }
    return batch.series[got[0].series].labels;
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
  EXPECT_NEAR(matrix.pairs[0].rtt_p50_seconds, 275e-6, 275e-6 / 128);  // the RTT histogram's bound
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

TEST_F(BatchBuilderTest, RawLinkEventsBecomeStoreEventsAtTheirOwnTime) {
  snapshot.link_events.push_back(collect::LinkEvent{"veth9", 9, false, true, milliseconds(kWallNow - 2000)});
  const store::Batch batch = build_batch(snapshot, anchor);
  ASSERT_EQ(batch.events.size(), 3u);
  EXPECT_EQ(batch.events[0].kind, "link_raw_down");
  EXPECT_EQ(batch.events[0].host, "node1");
  EXPECT_EQ(batch.events[0].timestamp_ms, kWallNow - 4000);
  EXPECT_NE(batch.events[0].text.find("eno2"), std::string::npos);
  EXPECT_EQ(batch.events[1].kind, "link_raw_up");
  EXPECT_EQ(batch.events[2].kind, "link_removed");
}

TEST_F(BatchBuilderTest, DampedLinkStateEventsAreShippedAsLinkDownUpAndFlapping) {
  // In: the enum; out: the wire strings, unchanged.
  snapshot.link_state_events = {{store::LinkEventKind::down, "eno2", milliseconds(kWallNow - 4000)},
                                {store::LinkEventKind::flapping, "eno2", milliseconds(kWallNow - 3500)},
                                {store::LinkEventKind::up, "eno3", milliseconds(kWallNow - 1000)}};
  const store::Batch batch = build_batch(snapshot, anchor);
  std::vector<store::Event> damped;
  for (const auto& e : batch.events)
    if (!e.kind.starts_with("link_raw_")) damped.push_back(e);
  ASSERT_EQ(damped.size(), 3u);
  EXPECT_EQ(damped[0].kind, "link_down");
  EXPECT_EQ(damped[0].timestamp_ms, kWallNow - 4000);
  EXPECT_EQ(damped[0].host, "node1");
  EXPECT_EQ(damped[1].kind, "link_flapping");
  EXPECT_NE(damped[1].text.find("eno2"), std::string::npos);
  EXPECT_EQ(damped[2].kind, "link_up");
  EXPECT_EQ(damped[2].timestamp_ms, kWallNow - 1000);
  EXPECT_NE(damped[2].text.find("eno3"), std::string::npos);
  EXPECT_NO_THROW(store::validate_batch(batch));
}

TEST_F(BatchBuilderTest, DampedLinkStatesCarryHostAndInterface) {
  snapshot.link_states = {{"eno2", DampedState::flapping}, {"eno3", DampedState::up}, {"eno4", DampedState::down}};
  const store::Batch batch = build_batch(snapshot, anchor);
  const auto flapping = samples(batch, "netkeel_link_flapping", {{"host", "node1"}, {"interface", "eno2"}});
  ASSERT_EQ(flapping.size(), 1u);
  EXPECT_EQ(flapping[0].value, 1);
  EXPECT_EQ(flapping[0].timestamp_ms, kWallNow);
  EXPECT_EQ(labels_of(batch, "netkeel_link_flapping", {{"interface", "eno2"}}), (Labels{{"host", "node1"}, {"interface", "eno2"}}));
  EXPECT_EQ(samples(batch, "netkeel_link_flapping", {{"interface", "eno3"}}).at(0).value, 0);
  EXPECT_EQ(samples(batch, "netkeel_link_up", {{"host", "node1"}, {"interface", "eno3"}}).at(0).value, 1);
  EXPECT_EQ(samples(batch, "netkeel_link_up", {{"interface", "eno4"}}).at(0).value, 0);
  EXPECT_EQ(samples(batch, "netkeel_link_up", {{"interface", "eno2"}}).at(0).value, 0);
}

TEST_F(BatchBuilderTest, VmCountersAndTheVmCollectorAreShipped) {
  collect::VmInterfaceCounters vm;
  vm.domain = "web-1";
  vm.uuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";
  vm.interface = "vnet3";
  vm.mac = "52:54:00:aa:bb:cc";
  vm.rx_bytes = 5000;
  vm.rx_packets = 50;
  vm.tx_bytes = 7000;
  vm.tx_drops = -1;  // the hypervisor does not keep it
  snapshot.vms = {vm};
  snapshot.vm_collector_up = true;
  const store::Batch batch = build_batch(snapshot, anchor);
  EXPECT_EQ(samples(batch, "netkeel_vm_collector_up", {{"host", "node1"}}).at(0).value, 1);
  const Labels vm_labels{{"domain", "web-1"}, {"host", "node1"}, {"interface", "vnet3"}};
  EXPECT_EQ(labels_of(batch, "netkeel_vm_interface_receive_bytes_total"), vm_labels);
  EXPECT_EQ(samples(batch, "netkeel_vm_interface_receive_bytes_total", vm_labels).at(0).value, 5000);
  EXPECT_EQ(samples(batch, "netkeel_vm_interface_receive_packets_total", vm_labels).at(0).value, 50);
  EXPECT_EQ(samples(batch, "netkeel_vm_interface_transmit_bytes_total", vm_labels).at(0).value, 7000);
  EXPECT_EQ(samples(batch, "netkeel_vm_interface_receive_errors_total", vm_labels).at(0).value, 0);
  EXPECT_TRUE(samples(batch, "netkeel_vm_interface_transmit_drops_total").empty()) << "-1 = not kept: left out";
  EXPECT_EQ(labels_of(batch, "netkeel_vm_interface_info"),
            (Labels{{"domain", "web-1"}, {"host", "node1"}, {"interface", "vnet3"}, {"mac", "52:54:00:aa:bb:cc"},
                    {"uuid", "6695eb01-f6a4-8304-79aa-97f2502e193f"}}));
  EXPECT_EQ(samples(batch, "netkeel_vm_interface_info").at(0).value, 1);

  snapshot.vms.clear();
  snapshot.vm_collector_up = false;
  const store::Batch down = build_batch(snapshot, anchor);
  EXPECT_EQ(samples(down, "netkeel_vm_collector_up", {{"host", "node1"}}).at(0).value, 0);
  snapshot.vm_collector_up.reset();  // --libvirt-uri none
  EXPECT_TRUE(samples(build_batch(snapshot, anchor), "netkeel_vm_collector_up").empty());
}

TEST_F(BatchBuilderTest, BondAndLacpMemberStateAndTheOvsCollectorAreShipped) {
  collect::BondState ovs{"bond0-lag", "ovs", "balance-tcp", "negotiated", "", {}};
  collect::BondMemberState m1;
  m1.name = "enp1s0f0";
  m1.up = true;
  m1.active = true;
  m1.lacp = "current";
  m1.lacp_attached = true;
  m1.actor_state = 63;
  m1.partner_state = 61;
  collect::BondMemberState m2 = m1;
  m2.name = "enp1s0f1";
  m2.up = false;
  m2.active = false;
  m2.lacp = "defaulted";
  m2.lacp_attached = false;
  m2.partner_state.reset();
  ovs.members = {m1, m2};
  collect::BondState kernel{"bond1", "kernel", "active-backup", "", "eno1", {}};
  collect::BondMemberState k1;
  k1.name = "eno1";
  k1.up = true;
  k1.active = true;
  k1.link_failures = 3;
  kernel.members = {k1};
  snapshot.bonds = {ovs, kernel};
  snapshot.ovs_collector_up = true;
  const store::Batch batch = build_batch(snapshot, anchor);

  EXPECT_EQ(samples(batch, "netkeel_ovs_collector_up", {{"host", "node1"}}).at(0).value, 1);
  EXPECT_EQ(labels_of(batch, "netkeel_bond_info", {{"bond", "bond0-lag"}}),
            (Labels{{"bond", "bond0-lag"}, {"host", "node1"}, {"lacp_status", "negotiated"}, {"mode", "balance-tcp"}, {"source", "ovs"}}))
      << "the empty active_member is left out";
  EXPECT_EQ(labels_of(batch, "netkeel_bond_info", {{"bond", "bond1"}}),
            (Labels{{"active_member", "eno1"}, {"bond", "bond1"}, {"host", "node1"}, {"mode", "active-backup"}, {"source", "kernel"}}));
  const Labels first{{"bond", "bond0-lag"}, {"host", "node1"}, {"member", "enp1s0f0"}};
  const Labels second{{"bond", "bond0-lag"}, {"host", "node1"}, {"member", "enp1s0f1"}};
  EXPECT_EQ(labels_of(batch, "netkeel_bond_member_up", {{"member", "enp1s0f0"}}), first);
  EXPECT_EQ(samples(batch, "netkeel_bond_member_up", first).at(0).value, 1);
  EXPECT_EQ(samples(batch, "netkeel_bond_member_up", second).at(0).value, 0);
  EXPECT_EQ(samples(batch, "netkeel_bond_member_active", first).at(0).value, 1);
  EXPECT_EQ(samples(batch, "netkeel_bond_lacp_attached", second).at(0).value, 0);
  EXPECT_EQ(labels_of(batch, "netkeel_bond_lacp_status", {{"member", "enp1s0f1"}}),
            (Labels{{"bond", "bond0-lag"}, {"host", "node1"}, {"member", "enp1s0f1"}, {"status", "defaulted"}}));
  EXPECT_EQ(samples(batch, "netkeel_bond_lacp_state", {{"member", "enp1s0f0"}, {"side", "actor"}}).at(0).value, 63);
  EXPECT_EQ(samples(batch, "netkeel_bond_lacp_state", {{"member", "enp1s0f0"}, {"side", "partner"}}).at(0).value, 61);
  EXPECT_TRUE(samples(batch, "netkeel_bond_lacp_state", {{"member", "enp1s0f1"}, {"side", "partner"}}).empty());
  // Kernel-only and LACP-only figures follow the page's rules.
  EXPECT_EQ(samples(batch, "netkeel_bond_member_link_failures_total", {{"bond", "bond1"}, {"member", "eno1"}}).at(0).value, 3);
  EXPECT_TRUE(samples(batch, "netkeel_bond_member_link_failures_total", {{"bond", "bond0-lag"}}).empty());
  EXPECT_TRUE(samples(batch, "netkeel_bond_lacp_attached", {{"bond", "bond1"}}).empty());
  EXPECT_NO_THROW(store::validate_batch(batch));
}

TEST_F(BatchBuilderTest, SendTimeSourceCountsAreShippedByKind) {
  snapshot.send_times = {{probe::ProbeKind::icmp, {118, 2}}, {probe::ProbeKind::udp, {40, 0}}};
  const store::Batch batch = build_batch(snapshot, anchor);
  EXPECT_EQ(labels_of(batch, "netkeel_probe_tx_timestamp_kernel_total", {{"kind", "icmp"}}), (Labels{{"kind", "icmp"}}));
  EXPECT_EQ(samples(batch, "netkeel_probe_tx_timestamp_kernel_total", {{"kind", "icmp"}}).at(0).value, 118);
  EXPECT_EQ(samples(batch, "netkeel_probe_tx_timestamp_fallback_total", {{"kind", "icmp"}}).at(0).value, 2);
  EXPECT_EQ(samples(batch, "netkeel_probe_tx_timestamp_kernel_total", {{"kind", "udp"}}).at(0).value, 40);
  EXPECT_EQ(samples(batch, "netkeel_probe_tx_timestamp_fallback_total", {{"kind", "udp"}}).at(0).value, 0);
}

TEST_F(BatchBuilderTest, ShippingCountersAreShippedWhenTheSnapshotHasThem) {
  EXPECT_TRUE(samples(build_batch(snapshot, anchor), "netkeel_agent_shipped_batches_total").empty());
  ShippingCounters c;
  c.spool_batches = 4;
  c.spool_bytes = 4096;
  c.spool_dropped_batches = 1;
  c.spool_corrupt_batches = 2;
  c.corrupt_files = 2;
  c.corrupt_bytes = 300;
  c.corrupt_trimmed_files = 5;
  c.queue_dropped_batches = 6;
  c.shipped_batches = 99;
  c.failures = {{"unreachable", 7}, {"server_error", 1}};
  snapshot.shipping = c;
  const store::Batch batch = build_batch(snapshot, anchor);
  for (auto [metric, value] : std::vector<std::pair<std::string, double>>{{"netkeel_agent_spool_batches", 4},
                                                                          {"netkeel_agent_spool_bytes", 4096},
                                                                          {"netkeel_agent_spool_dropped_batches_total", 1},
                                                                          {"netkeel_agent_spool_corrupt_batches_total", 2},
                                                                          {"netkeel_agent_spool_corrupt_files", 2},
                                                                          {"netkeel_agent_spool_corrupt_bytes", 300},
                                                                          {"netkeel_agent_spool_corrupt_trimmed_files_total", 5},
                                                                          {"netkeel_agent_ship_queue_dropped_batches_total", 6},
                                                                          {"netkeel_agent_shipped_batches_total", 99}}) {
    const auto got = samples(batch, metric);
    ASSERT_EQ(got.size(), 1u) << metric;
    EXPECT_EQ(got[0].value, value) << metric;
    EXPECT_EQ(got[0].timestamp_ms, kWallNow) << metric;
  }
  EXPECT_EQ(samples(batch, "netkeel_agent_ship_failures_total", {{"reason", "unreachable"}}).at(0).value, 7);
  EXPECT_EQ(labels_of(batch, "netkeel_agent_ship_failures_total", {{"reason", "server_error"}}), (Labels{{"reason", "server_error"}}));
}

// The keeper's samples keep their names, types' suffixes and values (a counter stays cumulative), get
// `host` = the agent's host, and carry the time the agent asked for the page, not the collection time.
TEST_F(BatchBuilderTest, TheKeepersSamplesAreShippedWithTheHostAtTheTimeTheyWereRead) {
  KeeperScrape scrape;
  scrape.at_ms = kWallNow - 10'000;
  scrape.samples = {{"netkeel_keeper_instance_health", "gauge", {{"service", "keystone"}, {"health", "healthy"}}, 1},
                    {"netkeel_keeper_vip_releases_by_cause_total", "counter", {{"service", "keystone"}, {"cause", "check"}}, 3},
                    {"netkeel_keeper_renew_latency_seconds_bucket", "histogram", {{"le", "+Inf"}}, 7}};
  snapshot.keeper_scrape = scrape;
  const store::Batch batch = build_batch(snapshot, anchor);
  const auto health = samples(batch, "netkeel_keeper_instance_health");
  ASSERT_EQ(health.size(), 1u);
  EXPECT_EQ(health[0].value, 1);
  EXPECT_EQ(health[0].timestamp_ms, kWallNow - 10'000);
  EXPECT_EQ(batch.series[health[0].series].labels,
            (Labels{{"health", "healthy"}, {"host", "node1"}, {"service", "keystone"}}));
  const auto releases = samples(batch, "netkeel_keeper_vip_releases_by_cause_total", {{"cause", "check"}});
  ASSERT_EQ(releases.size(), 1u);
  EXPECT_EQ(releases[0].value, 3);
  EXPECT_EQ(samples(batch, "netkeel_keeper_renew_latency_seconds_bucket", {{"le", "+Inf"}, {"host", "node1"}}).at(0).value, 7);
  EXPECT_NO_THROW(store::validate_batch(batch));
  EXPECT_NO_THROW(store::decode_batch_json(store::encode_batch_json(batch)));
}

// The page and the batch come from one walk: every series the page shows is in the batch under the
// same name, labels (an empty value left out) and value, except the page-only summaries of the
// interval, which the batch carries as per-reply RTTs and counters instead.
TEST_F(BatchBuilderTest, EveryFamilyOnThePageIsInTheBatchExceptTheIntervalSummaries) {
  snapshot.link_states = {{"eno2", DampedState::flapping}};
  snapshot.send_times = {{probe::ProbeKind::icmp, {2, 0}}};
  snapshot.vms = {collect::VmInterfaceCounters{"web-1", "u-1", "vnet0", "52:54:00:00:00:01", 1, 2, 3, 4, 5, 6, 7, 8}};
  snapshot.vm_collector_up = true;
  snapshot.bonds = {collect::BondState{"bond0", "kernel", "802.3ad", "negotiated", "", {}}};
  snapshot.bonds[0].members.push_back(collect::BondMemberState{"eno1", true, true, 0, 1, "current", true, 63, 63});
  snapshot.ovs_collector_up = false;
  snapshot.shipping = ShippingCounters{};
  snapshot.shipping->failures["unreachable"] = 1;
  snapshot.keeper_scrapes = KeeperScrapeCounters{};
  snapshot.keeper_scrapes->failures["bad_page"] = 2;
  snapshot.probes[0].interval.sent = 2;
  snapshot.probes[0].interval.rtt = probe::RttSummary{std::chrono::microseconds(250), std::chrono::microseconds(275),
                                                      std::chrono::microseconds(300), std::chrono::microseconds(250),
                                                      std::chrono::microseconds(300)};
  const store::Batch batch = build_batch(snapshot, anchor);
  std::size_t shipped = 0, page_only = 0;
  for (const auto& family : metric_families(snapshot)) {
    for (const auto& sample : family.samples) {
      Labels labels;
      for (const auto& l : sample.labels)
        if (!l.value.empty()) labels.push_back(l);
      const auto got = samples(batch, family.name + sample.suffix, labels);
      std::vector<store::Sample> exact;  // the same label set, not a superset
      for (const auto& g : got)
        if (batch.series[g.series].labels.size() == labels.size()) exact.push_back(g);
      if (sample.page_only) {
        ++page_only;
        EXPECT_TRUE(exact.empty()) << family.name << ": page-only, yet shipped";
        continue;
      }
      ++shipped;
      ASSERT_EQ(exact.size(), 1u) << family.name << sample.suffix << " missing from the batch";
      EXPECT_EQ(exact[0].value, sample.value) << family.name;
      EXPECT_EQ(exact[0].timestamp_ms, kWallNow) << family.name;
    }
  }
  EXPECT_GE(shipped, 50u);
  // p50, p99, min, avg, max and the loss ratio of the one probe with an interval summary.
  EXPECT_EQ(page_only, 6u);
  // And nothing the page lacks, beyond the per-reply RTTs.
  std::size_t at_collection_time = 0;
  for (const auto& s : batch.samples) at_collection_time += s.timestamp_ms == kWallNow;
  EXPECT_EQ(at_collection_time, shipped);
}

TEST_F(BatchBuilderTest, EveryMetricNameOnTheRenderedPageIsShipped) {
  snapshot.link_states = {{"eno2", DampedState::up}};
  snapshot.send_times = {{probe::ProbeKind::udp, {1, 1}}};
  snapshot.vms = {collect::VmInterfaceCounters{"web-1", "u-1", "vnet0", "52:54:00:00:00:01", 1, 2, 3, 4, 5, 6, 7, 8}};
  snapshot.vm_collector_up = true;
  snapshot.bonds = {collect::BondState{"bond0", "kernel", "802.3ad", "negotiated", "", {}}};
  snapshot.bonds[0].members.push_back(collect::BondMemberState{"eno1", true, true, 0, 1, "current", true, 63, 63});
  snapshot.ovs_collector_up = true;
  snapshot.shipping = ShippingCounters{};
  snapshot.shipping->failures["unreachable"] = 1;
  snapshot.keeper_scrapes = KeeperScrapeCounters{};
  const std::string page = render_prometheus_text(snapshot);
  std::set<std::string> shipped_names;
  const store::Batch batch = build_batch(snapshot, anchor);
  for (const auto& series : batch.series) shipped_names.insert(series.metric);
  const std::set<std::string> interval_summaries{"netkeel_probe_rtt_min_seconds", "netkeel_probe_rtt_avg_seconds",
                                                 "netkeel_probe_rtt_max_seconds", "netkeel_probe_interval_loss_ratio"};
  std::istringstream lines(page);
  std::string line;
  std::size_t names = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) continue;
    const std::string name = line.substr(0, line.find_first_of("{ "));
    if (interval_summaries.count(name)) continue;
    ++names;
    EXPECT_TRUE(shipped_names.count(name)) << name << " is on the page but not in the batch";
  }
  EXPECT_GE(names, 50u);
}

}  // namespace
}  // namespace netkeel::agent
