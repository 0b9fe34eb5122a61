// Issue 5, "Done when": a link set down is reported within 100 ms. node1's agent (`--once`, probing
// node2 meanwhile) watches its links; the test sets node1's eth0 down (admin down, as `ip link set
// eth0 down` does) and, separately, takes its carrier away (the switch port goes down), through
// SIOCSIFFLAGS right after reading the clock. Latency = the event's time (CLOCK_REALTIME when the
// agent read it) minus the clock just before the change. Needs root; namespaces removed by guards.
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/bridged_hosts.hpp"
#include "support/eventually.hpp"

namespace {

using netkeel::testing::BridgedHosts;
using netkeel::testing::eventually;
using netkeel::testing::shell;
using nlohmann::json;

const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/probe-three-hosts.yaml";
const std::string kNetkeel = std::string(NETKEEL_BINARY_DIR) + "/netkeel";
constexpr double kReportedWithin = 0.100;  // seconds, the issue's bound
constexpr int kCycles = 5;                 // per way of going down

double realtime_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Interface flags inside namespace NS (the ioctl socket belongs to the namespace it is made in).
short get_flags(const std::string& ns, const std::string& interface) {
  netkeel::kernel::ScopedNetworkNamespace inside(ns);
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq req{};
  std::strncpy(req.ifr_name, interface.c_str(), IFNAMSIZ - 1);
  const int rc = ioctl(fd, SIOCGIFFLAGS, &req);
  close(fd);
  return rc == 0 ? req.ifr_flags : 0;
}

// Sets INTERFACE up or down inside NS; returns CLOCK_REALTIME read just before the change.
double set_up(const std::string& ns, const std::string& interface, bool up) {
  netkeel::kernel::ScopedNetworkNamespace inside(ns);
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq req{};
  std::strncpy(req.ifr_name, interface.c_str(), IFNAMSIZ - 1);
  EXPECT_EQ(ioctl(fd, SIOCGIFFLAGS, &req), 0) << interface;
  req.ifr_flags = short(up ? req.ifr_flags | IFF_UP : req.ifr_flags & ~IFF_UP);
  const double before = realtime_seconds();
  EXPECT_EQ(ioctl(fd, SIOCSIFFLAGS, &req), 0) << interface;
  close(fd);
  return before;
}

uint64_t tx_packets(const std::string& ns) {
  const auto r = shell("ip -n " + ns + " -s -j link show dev eth0");
  const json links = json::parse(r.output, nullptr, false);
  if (!links.is_array() || links.empty()) return 0;
  return links[0]["stats64"]["tx"]["packets"].get<uint64_t>();
}

// Polls (with a deadline) until node1's eth0 is running (admin up and carrier) or not. Waiting for
// "not running" before the next change matters for the carrier: the kernel reports a carrier change
// when its link watch runs, so a loss undone before that is never announced at all.
void wait_running(const std::string& ns, bool running = true) {
  const bool became = eventually([&] { return ((get_flags(ns, "eth0") & IFF_RUNNING) != 0) == running; },
                                 std::chrono::seconds(5), std::chrono::milliseconds(1));
  ASSERT_TRUE(became) << "eth0 never became " << (running ? "running" : "not running");
}

TEST(LinkEventLatency, LinkSetDownIsReportedWithin100Milliseconds) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
  BridgedHosts hosts(2);
  const std::string node1 = hosts.host(1).name();
  const std::string sw = hosts.switch_namespace().name();
  const uint64_t quiet = tx_packets(node1);
  // 500 ICMP rounds 20 ms apart: the agent runs about 10 s, far longer than the toggles below.
  FILE* agent = ::popen((kNetkeel + " agent --once --format json --site '" + kSite + "' --host node1 --netns " + node1 +
                         " --rounds 500 --interval 0.02 --timeout 0.3 --no-udp --no-tcp --no-pmtu --metrics-address ''")
                            .c_str(),
                        "r");
  ASSERT_NE(agent, nullptr);
  // The agent subscribes to link events before its first probe: once eth0 sends, it listens.
  ASSERT_TRUE(eventually([&] { return tx_packets(node1) != quiet; }, std::chrono::seconds(20),
                         std::chrono::milliseconds(5)))
      << "the agent never sent a probe";
  std::vector<double> went_down;  // realtime before each change, in order
  for (int i = 0; i < kCycles; ++i) {
    went_down.push_back(set_up(node1, "eth0", false));  // `ip link set eth0 down` on the host
    wait_running(node1, false);
    set_up(node1, "eth0", true);
    wait_running(node1);
    went_down.push_back(set_up(sw, "p1", false));  // the switch port: eth0 loses its carrier
    wait_running(node1, false);
    set_up(sw, "p1", true);
    wait_running(node1);
  }
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, agent)) > 0) out.append(buf, n);
  ASSERT_EQ(::pclose(agent), 0) << out;
  const json report = json::parse(out);

  std::vector<double> reported_down;
  for (const auto& e : report["link_events"])
    if (e["interface"] == "eth0" && !e["up"].get<bool>()) reported_down.push_back(e["at_unix_seconds"].get<double>());
  ASSERT_EQ(reported_down.size(), went_down.size()) << report["link_events"].dump();
  for (size_t i = 0; i < went_down.size(); ++i) {
    const double latency = reported_down[i] - went_down[i];
    const char* how = i % 2 == 0 ? "admin down" : "carrier lost";
    std::printf("eth0 %s: reported after %.3f ms\n", how, latency * 1e3);
    EXPECT_GE(latency, 0.0) << how << " #" << i / 2;
    EXPECT_LE(latency, kReportedWithin) << how << " #" << i / 2;
  }
}

}  // namespace
