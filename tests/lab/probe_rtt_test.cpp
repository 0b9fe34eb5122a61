// RTT from kernel timestamps on the real kernel. node1's agent probes node2 and node3 (ICMP, and UDP
// to their agents' responders) while Debian's fping probes the same two addresses from the same
// namespace at the same rate. Every reply's RTT must start from the kernel's transmit timestamp (no
// fallback), be sane, and the ICMP medians must agree with fping's within 50 us (issue 5, "Done when").
// Needs root; namespaces made here and removed by their guards.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/bridged_hosts.hpp"

namespace {

using netkeel::testing::BackgroundProcess;
using netkeel::testing::BridgedHosts;
using netkeel::testing::scrape_metrics;
using netkeel::testing::shell;
using nlohmann::json;

const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/probe-three-hosts.yaml";
const std::string kNetkeel = std::string(NETKEEL_BINARY_DIR) + "/netkeel";
constexpr int kRounds = 300;
constexpr double kAgreeWithin = 50e-6;  // seconds

// fping -C: "ADDRESS : 0.052 0.047 - ..." per address on stderr, milliseconds, "-" for a loss.
std::vector<double> fping_rtts(const std::string& output, const std::string& address) {
  std::istringstream in(output);
  std::string line;
  std::vector<double> rtts;
  while (std::getline(in, line)) {
    if (line.rfind(address + " ", 0) != 0) continue;
    std::istringstream fields(line.substr(line.find(':') + 1));
    std::string f;
    while (fields >> f)
      if (f != "-") rtts.push_back(std::stod(f) / 1e3);
  }
  return rtts;
}

// The same nearest-rank median the agent's p50 is.
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[size_t(std::max(0.0, std::ceil(0.5 * double(v.size())) - 1))];
}

const json* find_probe(const json& report, const std::string& dst, const std::string& kind) {
  for (const auto& p : report["probes"])
    if (p["dst"] == dst && p["kind"] == kind) return &p;
  return nullptr;
}

TEST(ProbeRtt, KernelTimestampedRttsAreSaneAndIcmpMediansAgreeWithFping) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
  BridgedHosts hosts(3);
  // node2's and node3's agents only answer UDP probes.
  std::vector<std::unique_ptr<BackgroundProcess>> responders;
  for (int i : {2, 3})
    responders.push_back(std::make_unique<BackgroundProcess>(std::vector<std::string>{
        kNetkeel, "agent", "--site", kSite, "--host", "node" + std::to_string(i), "--netns", hosts.host(i).name(),
        "--no-icmp", "--no-udp", "--no-tcp", "--no-pmtu", "--metrics-address", "127.0.0.1:9947"}));
  for (int i : {2, 3}) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (scrape_metrics(hosts.host(i).name(), 9947).empty()) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "node" << i << "'s agent never served /metrics";
      usleep(20000);
    }
  }
  // Warm the neighbour caches first, so neither tool's first probe waits for ARP.
  shell("ip netns exec " + hosts.host(1).name() + " fping -q -c 2 " + BridgedHosts::address(2) + " " +
        BridgedHosts::address(3));

  // Both tools at once, 20 ms per target: they see the same load on this shared machine.
  const std::string rounds = std::to_string(kRounds);
  FILE* fping = ::popen(("ip netns exec " + hosts.host(1).name() + " fping -q -C " + rounds + " -p 20 " +
                         BridgedHosts::address(2) + " " + BridgedHosts::address(3) + " 2>&1")
                            .c_str(),
                        "r");
  ASSERT_NE(fping, nullptr);
  const auto agent = shell(kNetkeel + " agent --once --format json --site '" + kSite + "' --host node1 --netns " +
                           hosts.host(1).name() + " --rounds " + rounds +
                           " --interval 0.02 --timeout 1 --no-tcp --no-pmtu --metrics-address ''");
  std::string fping_output;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, fping)) > 0) fping_output.append(buf, n);
  ::pclose(fping);  // fping exits 1 when a probe got no reply; the counts below judge that
  ASSERT_EQ(agent.status, 0) << agent.output;
  const json report = json::parse(agent.output);

  // Every reply's RTT started at the kernel's transmit timestamp.
  for (const char* kind : {"icmp", "udp"}) {
    ASSERT_TRUE(report["send_times"].contains(kind)) << report["send_times"].dump();
    uint64_t replies = 0;
    for (const auto& p : report["probes"])
      if (p["kind"] == kind) replies += p["sent"].get<uint64_t>() - p["lost"].get<uint64_t>();
    EXPECT_EQ(report["send_times"][kind]["kernel"].get<uint64_t>(), replies) << kind;
    EXPECT_EQ(report["send_times"][kind]["userspace"].get<uint64_t>(), 0u) << kind << ": fell back to the agent's clock";
  }

  for (int i : {2, 3}) {
    const std::string dst = "node" + std::to_string(i);
    for (const char* kind : {"icmp", "udp"}) {
      const json* p = find_probe(report, dst, kind);
      ASSERT_NE(p, nullptr) << dst << " " << kind;
      EXPECT_EQ((*p)["sent"], kRounds);
      EXPECT_LE((*p)["lost"].get<int>(), 2) << dst << " " << kind;
      const json& rtt = (*p)["rtt_seconds"];
      ASSERT_FALSE(rtt.is_null());
      // Sane: positive, ordered, and a veth pair and a bridge cost well under 10 ms even on a busy machine.
      EXPECT_GT(rtt["min"].get<double>(), 0.0) << dst << " " << kind;
      EXPECT_LE(rtt["min"].get<double>(), rtt["p50"].get<double>());
      EXPECT_LE(rtt["p50"].get<double>(), rtt["p99"].get<double>());
      EXPECT_LE(rtt["p99"].get<double>(), rtt["max"].get<double>());
      EXPECT_LT(rtt["p50"].get<double>(), 0.010) << dst << " " << kind;
    }
    const auto fping_rtt = fping_rtts(fping_output, BridgedHosts::address(i));
    ASSERT_GE(fping_rtt.size(), size_t(kRounds - 2)) << fping_output;
    const double agent_median = (*find_probe(report, dst, "icmp"))["rtt_seconds"]["p50"].get<double>();
    const double fping_median = median(fping_rtt);
    std::printf("%s ICMP median RTT: agent %.1f us, fping %.1f us\n", dst.c_str(), agent_median * 1e6, fping_median * 1e6);
    EXPECT_NEAR(agent_median, fping_median, kAgreeWithin) << dst;
  }
}

}  // namespace
