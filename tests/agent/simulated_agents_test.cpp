#include "netkeel/agent/simulated_agents.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "netkeel/core/error.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::agent {
namespace {

constexpr store::TimestampMs kEnd = 1764150010000;

SimulatedAgentsOptions small_site() {
  SimulatedAgentsOptions o;
  o.hosts = 5;
  o.networks = 2;
  o.seed = 7;
  return o;
}

// Samples of one metric in a batch, by the series' target key (network/dst/kind).
std::map<std::string, std::vector<store::Sample>> samples_of(const store::Batch& b, const std::string& metric) {
  std::map<std::string, std::vector<store::Sample>> out;
  for (const auto& s : b.samples) {
    const store::Series& series = b.series[s.series];
    if (series.metric != metric) continue;
    out[std::string(series.label("network")) + "/" + std::string(series.label("dst")) + "/" + std::string(series.label("kind"))].push_back(s);
  }
  return out;
}

TEST(SimulatedAgents, SameSeedGivesTheSameBatchesWhateverOrderTheHostsAreAskedIn) {
  SimulatedAgents a(small_site());
  SimulatedAgents b(small_site());
  const std::string first = store::encode_batch_json(a.batch(3, 0, kEnd, 1));
  b.batch(0, 0, kEnd, 1);  // another host first: host 3's values must not depend on it
  EXPECT_EQ(store::encode_batch_json(b.batch(3, 0, kEnd, 1)), first);

  SimulatedAgentsOptions other = small_site();
  other.seed = 8;
  EXPECT_NE(store::encode_batch_json(SimulatedAgents(other).batch(3, 0, kEnd, 1)), first);
}

TEST(SimulatedAgents, BatchHasTheAgentsShapeForEveryTarget) {
  SimulatedAgents agents(small_site());
  const store::Batch batch = agents.batch(0, 0, kEnd, 42);
  EXPECT_EQ(batch.id.agent_host, "node001");
  EXPECT_EQ(batch.id.sequence, 42u);
  EXPECT_NO_THROW(store::validate_batch(batch));
  // The wire form round-trips through the server's decoder.
  EXPECT_EQ(store::encode_batch_json(store::decode_batch_json(store::encode_batch_json(batch))), store::encode_batch_json(batch));

  // 2 networks x (4 peers x icmp/udp/pmtu + the gateway) = 26 targets, each with the agent's four counter series.
  EXPECT_EQ(agents.targets_per_host(), 26u);
  for (const char* metric : {"netkeel_probe_sent_total", "netkeel_probe_lost_total", "netkeel_probe_rtt_seconds_sum",
                             "netkeel_probe_rtt_seconds_count"}) {
    EXPECT_EQ(samples_of(batch, metric).size(), 26u) << metric;
  }
  std::set<std::string> labels;
  for (const auto& s : batch.series) {
    if (s.metric != "netkeel_probe_sent_total") continue;
    std::string names;
    for (const auto& l : s.labels) names += l.name + ",";
    labels.insert(names);
    EXPECT_EQ(s.label("src"), "node001");
  }
  EXPECT_EQ(labels, (std::set<std::string>{"address,dst,kind,network,port,src,"}));
  // NIC counters and the host's own figures ship too.
  EXPECT_EQ(samples_of(batch, "netkeel_nic_rx_bytes_total").size(), 1u);  // keyed without network/dst/kind: all three NICs
  bool responder = false;
  for (const auto& s : batch.series) responder |= s.metric == "netkeel_responder_answered_total";
  EXPECT_TRUE(responder);
}

TEST(SimulatedAgents, EveryProbeIntervalGivesOneReplyPerTargetWithIntegerNanosecondRttsInsideTheInterval) {
  SimulatedAgentsOptions o = small_site();
  o.loss_ratio = 0;
  SimulatedAgents agents(o);
  const store::Batch batch = agents.batch(1, 0, kEnd, 1);
  const auto rtts = samples_of(batch, "netkeel_probe_rtt_seconds");
  std::size_t icmp_targets = 0;
  for (const auto& [key, samples] : rtts) {
    if (key.ends_with("/pmtu")) {
      EXPECT_EQ(samples.size(), 1u) << key;  // once every 10 probe intervals
      continue;
    }
    EXPECT_EQ(samples.size(), 10u) << key;  // 10 s report of 1 s probes
    icmp_targets += key.ends_with("/icmp");
    for (const auto& s : samples) {
      EXPECT_GT(s.timestamp_ms, kEnd - 10'000) << key;
      EXPECT_LE(s.timestamp_ms, kEnd) << key;
      EXPECT_GE(s.value, 80e-6 * 0.9) << key;
      EXPECT_LE(s.value, 480e-6 * 3.1) << key;
      const double ns = s.value * 1e9;
      EXPECT_NEAR(ns, std::round(ns), 1e-3) << key;  // kernel timestamps: whole nanoseconds
    }
  }
  EXPECT_EQ(icmp_targets, 10u);  // 4 peers + the gateway on each of 2 networks
}

TEST(SimulatedAgents, RttsJitterAroundOnePerPairBase) {
  SimulatedAgentsOptions o = small_site();
  o.loss_ratio = 0;
  SimulatedAgents agents(o);
  std::map<std::string, std::vector<double>> by_pair;
  for (std::uint64_t k = 0; k < 20; ++k) {
    for (const auto& [key, samples] : samples_of(agents.batch(2, k, kEnd + static_cast<store::TimestampMs>(k) * 10'000, k + 1),
                                                 "netkeel_probe_rtt_seconds")) {
      if (key.ends_with("/icmp"))
        for (const auto& s : samples) by_pair[key].push_back(s.value);
    }
  }
  std::set<long> medians_us;
  for (auto& [key, values] : by_pair) {
    ASSERT_EQ(values.size(), 200u);
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const double median = store::percentile(sorted, 0.5);
    // Nine in ten within +-10% of the pair's median; the rest are the odd slow replies above it.
    std::size_t near = 0;
    for (double v : values) near += std::abs(v - median) <= 0.13 * median;
    EXPECT_GE(near, 190u) << key;
    medians_us.insert(std::lround(median * 1e6));
  }
  EXPECT_GE(medians_us.size(), 8u);  // pairs have bases of their own
}

TEST(SimulatedAgents, CountersOnlyGrowAndLossFollowsTheRatio) {
  SimulatedAgentsOptions o = small_site();
  o.hosts = 20;
  o.loss_ratio = 0.05;
  SimulatedAgents agents(o);
  double previous_sent = -1, previous_rx = -1;
  double sent = 0, lost = 0;
  for (std::uint64_t k = 0; k < 10; ++k) {
    const store::Batch b = agents.batch(4, k, kEnd + static_cast<store::TimestampMs>(k) * 10'000, k + 1);
    sent = lost = 0;
    for (const auto& [key, s] : samples_of(b, "netkeel_probe_sent_total")) sent += s.front().value;
    for (const auto& [key, s] : samples_of(b, "netkeel_probe_lost_total")) lost += s.front().value;
    double rx = 0;
    for (const auto& s : b.samples)
      if (b.series[s.series].metric == "netkeel_nic_rx_bytes_total" && b.series[s.series].label("interface") == "bond0") rx = s.value;
    EXPECT_GT(sent, previous_sent);
    EXPECT_GT(rx, previous_rx);
    previous_sent = sent;
    previous_rx = rx;
  }
  // 10 intervals x 2 networks x (19 x (10 + 10 + 1) + 10) probes = 8,180; 5% of them lost, give or take.
  EXPECT_EQ(sent, 8180);
  EXPECT_NEAR(lost / sent, 0.05, 0.01);
}

TEST(SimulatedAgents, LinkEventsAreTheAgentsRawAndDampedEvents) {
  SimulatedAgentsOptions o = small_site();
  o.link_event_ratio = 1;
  SimulatedAgents agents(o);
  const store::Batch b = agents.batch(0, 0, kEnd, 1);
  std::vector<std::string> kinds;
  for (const auto& e : b.events) {
    kinds.push_back(e.kind);
    EXPECT_EQ(e.host, "node001");
    EXPECT_GE(e.timestamp_ms, kEnd - 10'000);
    EXPECT_LE(e.timestamp_ms, kEnd);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"link_raw_down", "link_raw_up", "link_down", "link_up"}));

  o.link_event_ratio = 0;
  EXPECT_TRUE(SimulatedAgents(o).batch(0, 0, kEnd, 1).events.empty());
}

TEST(SimulatedAgents, IntervalsOfAHostComeInOrder) {
  SimulatedAgents agents(small_site());
  agents.batch(0, 0, kEnd, 1);
  EXPECT_THROW(agents.batch(0, 2, kEnd + 20'000, 2), std::invalid_argument);
  EXPECT_THROW(agents.batch(5, 0, kEnd, 1), std::out_of_range);
}

TEST(SimulatedAgents, OptionsThatDescribeNoSiteAreRefusedNamingTheFlag) {
  auto refused = [](auto change, const std::string& flag) {
    SimulatedAgentsOptions o;
    change(o);
    try {
      check_simulated_agents_options(o);
      ADD_FAILURE() << "accepted, expected a complaint about " << flag;
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(flag), std::string::npos) << e.what();
    }
  };
  refused([](auto& o) { o.hosts = 1; }, "--hosts");
  refused([](auto& o) { o.networks = 0; }, "--networks");
  refused([](auto& o) { o.report_interval = std::chrono::milliseconds(1500); }, "--report-interval");
  refused([](auto& o) { o.loss_ratio = 2; }, "--loss-ratio");
  refused([](auto& o) { o.link_event_ratio = -1; }, "--link-event-ratio");
  refused([](auto& o) { o.pmtu_every = 0; }, "--pmtu-every");
  EXPECT_NO_THROW(check_simulated_agents_options(SimulatedAgentsOptions{}));
}

}  // namespace
}  // namespace netkeel::agent
