// The agent on the real kernel: two host namespaces joined by a bridge in a switch namespace, a third
// host of the site absent. node2 runs the agent as a daemon (its UDP responder and /metrics); node1
// runs `netkeel agent --once` and its JSON must show what the wire did. Needs root; every namespace
// is made here and removed by its guard, also when a test fails.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "netkeel/kernel/network_namespace.hpp"
#include "support/bridged_hosts.hpp"
#include "support/eventually.hpp"

namespace {

using netkeel::testing::BackgroundProcess;
using netkeel::testing::BridgedHosts;
using netkeel::testing::eventually;
using netkeel::testing::TestNamespace;
using nlohmann::json;

bool contains(const std::string& page, const std::string& line) { return page.find(line) != std::string::npos; }

const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/probe-three-hosts.yaml";
const std::string kNetkeel = std::string(NETKEEL_BINARY_DIR) + "/netkeel";

std::string shell_quote(const std::string& s) { return "'" + s + "'"; }

// Runs a command line, returns its stdout; fails the test on a non-zero exit.
std::string capture(const std::string& command) {
  const netkeel::testing::ShellResult r = netkeel::testing::shell(command);
  EXPECT_EQ(r.status, 0) << command;
  return r.output;
}

std::string scrape(const std::string& ns, int port) { return netkeel::testing::scrape_metrics(ns, port); }

uint64_t read_sys_stat(const std::string& ns, const std::string& interface, const std::string& stat) {
  const std::string text = capture("ip netns exec " + ns + " cat /sys/class/net/" + interface + "/statistics/" + stat);
  return std::stoull(text);
}

class AgentMesh : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
    // node2's agent: the responder for node1's UDP probes and a /metrics to scrape; it probes nothing.
    responder_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        kNetkeel, "agent", "--site", kSite, "--host", "node2", "--netns", node2_.name(), "--no-icmp", "--no-udp",
        "--no-tcp", "--metrics-address", "127.0.0.1:9947", "--report-interval", "0.2"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (scrape(node2_.name(), 9947).empty()) {
      ASSERT_TRUE(responder_->running()) << "node2's agent exited";
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "node2's agent never served /metrics";
      usleep(20000);
    }
  }

  json run_once(const std::string& extra) {
    const std::string out = capture(kNetkeel + " agent --once --format json --site " + shell_quote(kSite) +
                                    " --host node1 --netns " + node1_.name() + " --metrics-address '' " + extra);
    return json::parse(out);
  }

  static const json* find_probe(const json& report, const std::string& dst, const std::string& kind) {
    for (const auto& p : report["probes"])
      if (p["dst"] == dst && p["kind"] == kind) return &p;
    return nullptr;
  }

  BridgedHosts hosts_{2};
  const TestNamespace& switch_ = hosts_.switch_namespace();
  const TestNamespace& node1_ = hosts_.host(1);
  const TestNamespace& node2_ = hosts_.host(2);
  std::unique_ptr<BackgroundProcess> responder_;
};

TEST_F(AgentMesh, ReachablePeerHasNoLossAbsentPeerAllLoss) {
  const json report = run_once("--rounds 20 --interval 0.02 --timeout 0.5");
  for (const char* kind : {"icmp", "udp"}) {
    const json* up = find_probe(report, "node2", kind);
    ASSERT_NE(up, nullptr) << kind;
    EXPECT_EQ((*up)["sent"], 20) << kind;
    EXPECT_EQ((*up)["lost"], 0) << kind;
    EXPECT_EQ((*up)["source"], BridgedHosts::address(1));
    EXPECT_EQ((*up)["address"], BridgedHosts::address(2));
    ASSERT_FALSE((*up)["rtt_seconds"].is_null());
    EXPECT_GT((*up)["rtt_seconds"]["min"].get<double>(), 0.0);
    EXPECT_LE((*up)["rtt_seconds"]["p50"].get<double>(), (*up)["rtt_seconds"]["p99"].get<double>());
    const json* absent = find_probe(report, "node3", kind);
    ASSERT_NE(absent, nullptr) << kind;
    EXPECT_EQ((*absent)["sent"], 20) << kind;
    EXPECT_EQ((*absent)["lost"], 20) << kind;
    EXPECT_TRUE((*absent)["rtt_seconds"].is_null());
  }
  EXPECT_EQ(report["probes"].size(), 6u);  // icmp, udp, pmtu to each peer; no gateway, no VIPs here
  const json* pmtu = find_probe(report, "node2", "pmtu");
  ASSERT_NE(pmtu, nullptr);
  EXPECT_EQ((*pmtu)["packet_size"], 1500);
  EXPECT_EQ((*pmtu)["lost"], 0);
  EXPECT_TRUE(report["netstat"]["Tcp"].contains("RetransSegs"));
  EXPECT_TRUE(report["netstat"]["TcpExt"].contains("ListenDrops"));

  // node2's responder answered every UDP probe, and /metrics says so (pages refresh every 0.2 s).
  const auto answered = eventually([&] { return scrape(node2_.name(), 9947); },
                                   [](const std::string& p) { return contains(p, "netkeel_responder_answered_total 20\n"); },
                                   std::chrono::seconds(10), std::chrono::milliseconds(50));
  ASSERT_TRUE(answered.held) << answered.last;
  const std::string& page = answered.last;
  EXPECT_NE(page.find("netkeel_nic_rx_bytes_total{interface=\"eth0\"}"), std::string::npos);
  EXPECT_NE(page.find("netkeel_netstat_Udp_InDatagrams"), std::string::npos);
}

TEST_F(AgentMesh, NicCountersEqualSysClassNet) {
  run_once("--rounds 5 --interval 0.01 --timeout 0.3 --no-pmtu");  // some traffic on eth0 first
  // A collection only (no targets), bracketed by sysfs reads: every counter must lie in its bracket,
  // and in a bracket where eth0 was quiet (the kernel may still be resolving the absent node3 for a
  // few seconds) every counter must be equal. Retried until one such quiet bracket, with a deadline.
  const std::vector<std::string> stats{"rx_bytes", "tx_bytes", "rx_packets", "tx_packets", "rx_errors",
                                       "tx_errors", "rx_dropped", "tx_dropped", "multicast", "collisions"};
  // Neighbour confirmations (ARP) between node1 and node2 can keep eth0 busy for tens of seconds.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  bool compared_quiet = false;
  while (!compared_quiet) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "eth0 never went quiet";
    std::map<std::string, uint64_t> before;
    for (const auto& s : stats) before[s] = read_sys_stat(node1_.name(), "eth0", s);
    const json report = run_once("--no-icmp --no-udp --no-tcp --no-pmtu");
    const json* eth0 = nullptr;
    for (const auto& n : report["nics"])
      if (n["name"] == "eth0") eth0 = &n;
    ASSERT_NE(eth0, nullptr);
    EXPECT_EQ((*eth0)["oper_state"], "up");
    EXPECT_TRUE((*eth0)["carrier"].get<bool>());
    EXPECT_GT((*eth0)["stats"]["rx_bytes"].get<uint64_t>(), 0u);
    bool quiet = true;
    for (const auto& s : stats) {
      const uint64_t after = read_sys_stat(node1_.name(), "eth0", s);
      const uint64_t seen = (*eth0)["stats"][s].get<uint64_t>();
      EXPECT_LE(before[s], seen) << s;
      EXPECT_LE(seen, after) << s;
      quiet = quiet && before[s] == after;
    }
    if (quiet) {
      for (const auto& s : stats) EXPECT_EQ((*eth0)["stats"][s].get<uint64_t>(), before[s]) << s;
      compared_quiet = true;
    } else {
      usleep(300000);
    }
  }
}

// Polls node2's /metrics until it holds `line`; fails after the deadline (polling, never a fixed sleep).
void wait_for_metric(const std::string& ns, const std::string& line) {
  const auto page = eventually([&] { return scrape(ns, 9947); }, [&](const std::string& p) { return contains(p, line); },
                               std::chrono::seconds(10), std::chrono::milliseconds(10));
  ASSERT_TRUE(page.held) << "no '" << line << "' in:\n" << page.last;
}

TEST_F(AgentMesh, LinkDownAndUpAreEventsOnMetrics) {
  // node2's eth0 loses carrier when its peer end in the switch goes down.
  switch_.must_ip({"link", "set", "p2", "down"});
  wait_for_metric(node2_.name(), "netkeel_link_transitions_total{interface=\"eth0\"} 1\n");
  switch_.must_ip({"link", "set", "p2", "up"});
  wait_for_metric(node2_.name(), "netkeel_link_transitions_total{interface=\"eth0\"} 2\n");
  wait_for_metric(node2_.name(), "netkeel_nic_carrier{interface=\"eth0\",oper_state=\"up\",master=\"\"} 1\n");
}

TEST_F(AgentMesh, PathMtuProbeCatchesASmallerMtuSmallPacketsDoNot) {
  // The site plans MTU 1500 on mgmt; node2's NIC is misconfigured to 1400.
  node2_.must_ip({"link", "set", "eth0", "mtu", "1400"});
  const json report = run_once("--rounds 10 --interval 0.02 --timeout 0.3 --no-udp");
  EXPECT_EQ((*find_probe(report, "node2", "icmp"))["lost"], 0);
  EXPECT_EQ((*find_probe(report, "node2", "pmtu"))["sent"], 10);
  EXPECT_EQ((*find_probe(report, "node2", "pmtu"))["lost"], 10);
}

TEST_F(AgentMesh, TwentyPercentLossShowsAsTwentyPercent) {
  // nftables inside node2's namespace drops 20% of what node1 sends, at random.
  const std::string nft = "ip netns exec " + node2_.name() + " nft ";
  capture(nft + "add table inet nk_agent_test");
  capture(nft + "'add chain inet nk_agent_test in { type filter hook input priority 0; }'");
  capture(nft + "add rule inet nk_agent_test in ip saddr " + BridgedHosts::address(1) + " numgen random mod 100 '<' 20 drop");
  const int rounds = 400;
  const json report = run_once("--rounds 400 --interval 0.005 --timeout 0.3 --jitter 0 --no-pmtu");
  for (const char* kind : {"icmp", "udp"}) {
    const json* p = find_probe(report, "node2", kind);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ((*p)["sent"], rounds);
    // Binomial(400, 0.2): mean 80, sd 8; ±4 sd.
    EXPECT_GE((*p)["lost"].get<int>(), 48) << kind;
    EXPECT_LE((*p)["lost"].get<int>(), 112) << kind;
  }
}

// A probe series' value on a page: the line of `metric` whose labels name `dst` and `kind`; -1 if none.
double series_value(const std::string& page, const std::string& metric, const std::string& dst, const std::string& kind) {
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(metric + "{", 0) == 0 && line.find("dst=\"" + dst + "\"") != std::string::npos &&
        line.find("kind=\"" + kind + "\"") != std::string::npos)
      return std::stod(line.substr(line.rfind(' ') + 1));
  return -1;
}

// The daemon's loop over many reports: node1 probes node2 (up) and node3 (absent) every 50 ms with
// every kind and reports every 0.5 s. It reads replies when it wakes to send, not per reply, and
// node2's responder answers in batches with its hold time taken off; over twenty reports no reply may
// turn into a loss, every probe to node3 must, and the counters only grow.
TEST_F(AgentMesh, ADaemonsCountsStayExactOverManyReports) {
  BackgroundProcess daemon({kNetkeel, "agent", "--site", kSite, "--host", "node1", "--netns", node1_.name(), "--interval",
                            "0.05", "--timeout", "0.3", "--pmtu-interval", "0.05", "--report-interval", "0.5",
                            "--metrics-address", "127.0.0.1:9948"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  double last_sent = 0;
  int reports = 0;
  while (reports < 20) {
    ASSERT_TRUE(daemon.running()) << "node1's agent exited";
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "only " << reports << " reports";
    usleep(100000);
    const std::string page = scrape(node1_.name(), 9948);
    const double sent = series_value(page, "netkeel_probe_sent_total", "node2", "icmp");
    if (sent < 0) continue;  // not serving yet, or no report published yet (an empty page)
    if (sent <= last_sent) {
      ASSERT_EQ(sent, last_sent) << "a counter went down";
      continue;  // the same report again
    }
    ++reports;
    last_sent = sent;
    for (const char* kind : {"icmp", "udp", "pmtu"}) {
      const double up = series_value(page, "netkeel_probe_sent_total", "node2", kind);
      EXPECT_GT(up, 0) << kind;
      EXPECT_EQ(series_value(page, "netkeel_probe_lost_total", "node2", kind), 0) << kind << "\n" << page;
      EXPECT_EQ(series_value(page, "netkeel_probe_rtt_seconds_count", "node2", kind), up) << kind << ": every one answered";
      const double absent = series_value(page, "netkeel_probe_sent_total", "node3", kind);
      EXPECT_EQ(series_value(page, "netkeel_probe_lost_total", "node3", kind), absent) << kind;
      EXPECT_EQ(series_value(page, "netkeel_probe_rtt_seconds_count", "node3", kind), 0) << kind;
    }
    // The responder's hold is off the UDP RTT: its mean stays far below the 50 ms it may hold a probe.
    const double udp_sum = series_value(page, "netkeel_probe_rtt_seconds_sum", "node2", "udp");
    const double udp_count = series_value(page, "netkeel_probe_rtt_seconds_count", "node2", "udp");
    EXPECT_LT(udp_sum / udp_count, 0.010) << "mean UDP RTT " << udp_sum / udp_count << " s";
  }
}

}  // namespace
