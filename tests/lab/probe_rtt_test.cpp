// RTT from kernel timestamps on the real kernel. node1's agent probes node2 and node3 (ICMP, and UDP
// to their agents' responders) while Debian's fping probes the same two addresses from the same
// namespace at the same rate. Every reply's RTT must start from the kernel's transmit timestamp (no
// fallback), be sane, and the ICMP medians must agree with fping's within 50 us (issue 5, "Done when").
//
// fping times each probe from its own clock read before sendto and its own wakeup, so on a loaded
// machine the scheduler's delays land in fping's RTTs (not in the agent's, which are kernel stamps on
// both ends), and its median drifts away. So that the comparison measures the two tools rather than
// the machine's load:
//  - both run at the same real-time priority (SCHED_FIFO via chrt; RT throttling still leaves the
//    machine 5% of every second), so neither waits behind compile jobs;
//  - both run at once, in the same measurement window, and their medians are compared per window;
//  - a window whose CPU pressure (/proc/pressure/cpu, the share of the window in which some task
//    waited for a CPU) was high and whose medians disagree is measured again, up to kMaxWindows times;
//    a disagreement in a quiet window fails at once. The failure message lists every window's medians
//    and pressure, so a loaded machine is named as the reason, not hidden.
// The criterion itself is unchanged: one window's medians within 50 us for both peers.
// Needs root; namespaces made here and removed by their guards.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/bridged_hosts.hpp"
#include "support/eventually.hpp"

namespace {

using netkeel::testing::BackgroundProcess;
using netkeel::testing::BridgedHosts;
using netkeel::testing::eventually;
using netkeel::testing::scrape_metrics;
using netkeel::testing::shell;
using nlohmann::json;

const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/probe-three-hosts.yaml";
const std::string kNetkeel = std::string(NETKEEL_BINARY_DIR) + "/netkeel";
constexpr int kRounds = 300;              // per tool, peer and window: 6 s at 20 ms
constexpr double kAgreeWithin = 50e-6;    // seconds
constexpr int kMaxWindows = 4;
constexpr double kLoadedPressure = 0.10;  // a window with CPU pressure above this counts as loaded

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

// Microseconds in which some task waited for a CPU since boot ("some ... total=" of /proc/pressure/cpu);
// none when the kernel has no PSI.
std::optional<double> cpu_stall_microseconds() {
  std::ifstream in("/proc/pressure/cpu");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("some ", 0) != 0) continue;
    const auto at = line.find("total=");
    if (at != std::string::npos) return std::stod(line.substr(at + 6));
  }
  return std::nullopt;
}

// Runs a command line at real-time priority when the machine allows it (root usually may).
std::string realtime(const std::string& command, bool allowed) { return allowed ? "chrt -f 10 " + command : command; }

struct Window {
  double pressure = -1;                        // share of the window some task waited for a CPU; -1 unknown
  std::vector<std::pair<double, double>> medians;  // agent, fping per peer (node2, node3)
  bool agree = false;
  std::string describe(int index) const {
    std::string out = "window " + std::to_string(index) + ": CPU pressure " +
                      (pressure < 0 ? std::string("unknown") : std::to_string(int(pressure * 100)) + "%");
    for (size_t i = 0; i < medians.size(); ++i) {
      char line[160];
      std::snprintf(line, sizeof line, "; node%zu agent %.1f us vs fping %.1f us (%+.1f)", i + 2, medians[i].first * 1e6,
                    medians[i].second * 1e6, (medians[i].first - medians[i].second) * 1e6);
      out += line;
    }
    return out;
  }
};

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
    ASSERT_TRUE(eventually([&] { return !scrape_metrics(hosts.host(i).name(), 9947).empty(); }, std::chrono::seconds(20),
                           std::chrono::milliseconds(20)))
        << "node" << i << "'s agent never served /metrics";
  }
  // Warm the neighbour caches first, so neither tool's first probe waits for ARP.
  shell("ip netns exec " + hosts.host(1).name() + " fping -q -c 2 " + BridgedHosts::address(2) + " " +
        BridgedHosts::address(3));
  const bool rt = shell("chrt -f 10 true").status == 0;
  if (!rt) std::printf("chrt -f is not permitted here: both tools run at normal priority\n");

  std::vector<Window> windows;
  for (int w = 1; w <= kMaxWindows; ++w) {
    const auto stall_before = cpu_stall_microseconds();
    const auto started = std::chrono::steady_clock::now();
    // Both tools at once, 20 ms per target: they see the same load in the same window.
    const std::string rounds = std::to_string(kRounds);
    FILE* fping = ::popen((realtime("ip netns exec " + hosts.host(1).name() + " fping -q -C " + rounds + " -p 20 " +
                                        BridgedHosts::address(2) + " " + BridgedHosts::address(3),
                                    rt) +
                           " 2>&1")
                              .c_str(),
                          "r");
    ASSERT_NE(fping, nullptr);
    const auto agent = shell(realtime(kNetkeel + " agent --once --format json --site '" + kSite + "' --host node1 --netns " +
                                          hosts.host(1).name() + " --rounds " + rounds +
                                          " --interval 0.02 --timeout 1 --no-tcp --no-pmtu --metrics-address ''",
                                      rt));
    std::string fping_output;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, fping)) > 0) fping_output.append(buf, n);
    ::pclose(fping);  // fping exits 1 when a probe got no reply; the counts below judge that
    const auto stall_after = cpu_stall_microseconds();
    const double window_us =
        double(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
    ASSERT_EQ(agent.status, 0) << agent.output;
    const json report = json::parse(agent.output);

    // Every reply's RTT started at the kernel's transmit timestamp, in every window.
    for (const char* kind : {"icmp", "udp"}) {
      ASSERT_TRUE(report["send_times"].contains(kind)) << report["send_times"].dump();
      uint64_t replies = 0;
      for (const auto& p : report["probes"])
        if (p["kind"] == kind) replies += p["sent"].get<uint64_t>() - p["lost"].get<uint64_t>();
      EXPECT_EQ(report["send_times"][kind]["kernel"].get<uint64_t>(), replies) << kind;
      EXPECT_EQ(report["send_times"][kind]["userspace"].get<uint64_t>(), 0u) << kind << ": fell back to the agent's clock";
    }

    Window window;
    if (stall_before && stall_after) window.pressure = (*stall_after - *stall_before) / window_us;
    window.agree = true;
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
      window.medians.emplace_back(agent_median, fping_median);
      window.agree = window.agree && std::abs(agent_median - fping_median) <= kAgreeWithin;
    }
    windows.push_back(window);
    std::printf("%s\n", window.describe(w).c_str());
    if (window.agree) break;
    // A disagreement while the machine was quiet is the agent's (or fping's) own: no second chance.
    // (Without PSI the load is unknown, and the window is measured again.)
    ASSERT_TRUE(window.pressure < 0 || window.pressure > kLoadedPressure)
        << "the ICMP medians differ by more than 50 us although the machine was not loaded: " << window.describe(w);
  }

  std::string all;
  for (size_t w = 0; w < windows.size(); ++w) all += "\n  " + windows[w].describe(int(w + 1));
  EXPECT_TRUE(windows.back().agree)
      << "the agent's and fping's ICMP medians never agreed within 50 us in " << windows.size()
      << " windows, each with CPU pressure above " << int(kLoadedPressure * 100)
      << "% (or unknown): the machine was too loaded for fping's user-space timing (retry when it is quieter, or see "
         "whether the difference follows the load):"
      << all;
}

}  // namespace
