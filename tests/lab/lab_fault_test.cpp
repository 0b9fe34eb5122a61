// `netkeel lab fault` / `lab heal` on example 1, as root, inside the lab's namespaces. Each fault is
// observed (no reachability, carrier changes, loss within a binomial tolerance, an agent's /metrics
// gone), healed, and recovery observed. The suite's lab (with its agents) is always removed
// (`lab down`) when the suite ends.
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <regex>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/kernel/network_namespace.hpp"
#include "support/eventually.hpp"
#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

const std::string kNetkeel = std::string(NETKEEL_BINARY_DIR) + "/netkeel";
const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml";

using lab_test::Result;
using lab_test::eventually;
using lab_test::run_shell;

// node1..3 have mgmt addresses 10.0.0.11..13 (ids 11..13).
class LabFault : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lab_ = "fault" + std::to_string(::getpid() % 100000);
    auto up = run_shell(kNetkeel + " lab up " + kSite + " --name " + lab_);
    ASSERT_EQ(up.exit_code, 0) << up.output;
  }
  static void TearDownTestSuite() { run_shell(kNetkeel + " lab down --name " + lab_); }
  void TearDown() override { run_shell(kNetkeel + " lab heal --all --name " + lab_); }

  static Result lab(const std::string& args) { return run_shell(kNetkeel + " lab " + args + " --name " + lab_); }
  static Result in(const std::string& node, const std::string& command) {
    return run_shell(kNetkeel + " lab exec --name " + lab_ + " " + node + " -- " + command);
  }
  // fping exits 0 only when every target answered.
  static bool reaches(const std::string& from, const std::string& source, const std::string& targets) {
    return in(from, "fping -q -r 2 -t 300 -S " + source + " " + targets).exit_code == 0;
  }
  static bool reaches_none(const std::string& from, const std::string& source, const std::string& targets) {
    auto r = in(from, "fping -r 1 -t 300 -S " + source + " " + targets);
    return r.output.find(" is alive") == std::string::npos;
  }
  static std::string fault_id(const Result& r) {
    std::smatch m;
    return std::regex_search(r.output, m, std::regex(R"(^(f\d+) )")) ? m[1].str() : "";
  }
  static long carrier_changes(const std::string& node, const std::string& nic) {
    return std::stol("0" + in(node, "cat /sys/class/net/" + nic + "/carrier_changes").output);
  }
  // Does the agent at ADDRESS:9947 answer GET /metrics, asked from inside FROM's namespace?
  static bool metrics_answer(const std::string& from, const std::string& address) {
    netkeel::kernel::ScopedNetworkNamespace inside("nk-" + lab_ + "-" + from);
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(9947);
    ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
    std::string reply;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      const std::string get = "GET /metrics HTTP/1.0\r\nHost: " + address + "\r\n\r\n";
      if (::send(fd, get.data(), get.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(get.size())) {
        char buf[4096];
        ssize_t n;
        while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) reply.append(buf, static_cast<size_t>(n));
      }
    }
    ::close(fd);
    return reply.rfind("HTTP/1.", 0) == 0 && reply.find(" 200 ") != std::string::npos &&
           reply.find("netkeel_") != std::string::npos;
  }
  static std::string lab_;
};
std::string LabFault::lab_;

TEST_F(LabFault, LinkDownCutsTheHostOffAndHealRestoresIt) {
  ASSERT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.12"));
  long before = carrier_changes("node2", "eno1");
  auto f = lab("fault link-down node2:eno1");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  std::string id = fault_id(f);
  ASSERT_FALSE(id.empty()) << f.output;
  EXPECT_TRUE(reaches_none("node1", "10.0.0.11", "10.0.0.12"));
  EXPECT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.13"));  // only that cable
  EXPECT_THAT(lab("status").output, ::testing::HasSubstr(id + "    link-down node2:eno1"));
  ASSERT_EQ(lab("heal " + id).exit_code, 0);
  EXPECT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.12"));
  EXPECT_GE(carrier_changes("node2", "eno1") - before, 2);  // down and up again
}

TEST_F(LabFault, SwitchPortBySiteNameAndSwitchDown) {
  auto f = lab("fault link-down sw1:3");  // port "3" of sw1 in the site file: node3
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_TRUE(reaches_none("node1", "10.0.0.11", "10.0.0.13"));
  ASSERT_EQ(lab("heal --all").exit_code, 0);
  ASSERT_EQ(lab("fault switch-down sw1").exit_code, 0);
  EXPECT_TRUE(reaches_none("node1", "10.0.0.11", "10.0.0.12 10.0.0.13"));
  ASSERT_EQ(lab("heal --all").exit_code, 0);
  EXPECT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.12 10.0.0.13"));
}

TEST_F(LabFault, HostDownAndBack) {
  ASSERT_EQ(lab("fault host-down node3").exit_code, 0);
  EXPECT_TRUE(reaches_none("node1", "10.0.0.11", "10.0.0.13"));
  EXPECT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.12"));
  // status says the host is down by a fault and its processes are stopped, not running.
  const std::string status = lab("status").output;
  EXPECT_THAT(status, ::testing::ContainsRegex("node3 +DOWN "));
  EXPECT_THAT(status, ::testing::HasSubstr("every process in"));
  EXPECT_THAT(status, ::testing::Not(::testing::ContainsRegex("agent@node3 +pid [0-9]+ +running")));
  ASSERT_EQ(lab("heal --all").exit_code, 0);
  EXPECT_THAT(lab("status").output, ::testing::ContainsRegex("node3 +running "));
  EXPECT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.13"));
}

TEST_F(LabFault, LossDropsTheRequestedShareWithinBinomialTolerance) {
  // 20% each way on node1's NIC: a ping round trip survives with 0.8 * 0.8, so 36% of 500 are lost.
  auto f = lab("fault loss node1:eno1 --percent 20 --direction both");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  auto r = in("node1", "fping -q -c 500 -p 2 -t 200 -S 10.0.0.11 10.0.0.12");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex(R"(xmt/rcv/%loss = (\d+)/(\d+)/)"))) << r.output;
  const double sent = std::stod(m[1].str()), lost = sent - std::stod(m[2].str());
  const double p = 1 - 0.8 * 0.8, sigma = std::sqrt(sent * p * (1 - p));
  EXPECT_EQ(sent, 500);
  EXPECT_NEAR(lost, sent * p, 5 * sigma) << r.output;
  ASSERT_EQ(lab("heal --all").exit_code, 0);
  EXPECT_EQ(in("node1", "fping -q -c 50 -p 2 -t 300 -S 10.0.0.11 10.0.0.12").exit_code, 0);  // no loss
}

TEST_F(LabFault, PartitionCutsOneNetworkBetweenTheGroupsOnly) {
  auto f = lab("fault partition node1 node2,node3 --network api");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_TRUE(reaches_none("node1", "10.0.1.11", "10.0.1.12 10.0.1.13"));
  EXPECT_TRUE(reaches_none("node2", "10.0.1.12", "10.0.1.11"));
  EXPECT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.12 10.0.0.13"));  // mgmt is not cut
  EXPECT_TRUE(reaches("node2", "10.0.1.12", "10.0.1.13"));            // inside one group
  ASSERT_EQ(lab("heal --all").exit_code, 0);
  EXPECT_TRUE(reaches("node1", "10.0.1.11", "10.0.1.12 10.0.1.13"));
}

TEST_F(LabFault, FlapIsCountedInCarrierChangesAndHealLeavesTheLinkUpAndStable) {
  const long before = carrier_changes("node2", "eno1");
  // 120 per minute for 5 s: 10 down/up cycles = 20 carrier changes on the host end.
  auto f = lab("fault flap node2:eno1 --per-minute 120 --for 5s");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  std::string id = fault_id(f);
  ASSERT_FALSE(id.empty()) << f.output;
  EXPECT_THAT(lab("status").output, ::testing::HasSubstr("flap-" + id));
  // The driver runs its course (about 5 s), then status says it finished.
  ASSERT_TRUE(eventually([&] { return lab("status").output.find("finished") != std::string::npos; }, 60))
      << lab("status").output;
  const long flapped = carrier_changes("node2", "eno1") - before;
  EXPECT_NEAR(flapped, 20, 2);
  ASSERT_EQ(lab("heal " + id).exit_code, 0);
  EXPECT_THAT(lab("status").output, ::testing::Not(::testing::HasSubstr("flap-" + id)));
  // Up and stable: it carries traffic, and a burst of pings changes no carrier.
  const long after_heal = carrier_changes("node2", "eno1");
  EXPECT_EQ(in("node2", "cat /sys/class/net/eno1/operstate").output, "up\n");
  EXPECT_EQ(in("node1", "fping -q -c 50 -p 20 -S 10.0.0.11 10.0.0.12").exit_code, 0);
  EXPECT_EQ(carrier_changes("node2", "eno1"), after_heal);
}

TEST_F(LabFault, HealStopsAFlapHalfWayAndLeavesThePortUp) {
  auto f = lab("fault flap node3:eno1 --per-minute 600 --for 10m");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  const long early = carrier_changes("node3", "eno1");
  ASSERT_TRUE(eventually([&] { return carrier_changes("node3", "eno1") > early + 4; })) << "the port does not flap";
  ASSERT_EQ(lab("heal " + fault_id(f)).exit_code, 0);
  EXPECT_EQ(in("node3", "cat /sys/class/net/eno1/operstate").output, "up\n");
  EXPECT_TRUE(reaches("node1", "10.0.0.11", "10.0.0.13"));
}

TEST_F(LabFault, ServiceDownKillsAnAgentAndHealStartsItAgain) {
  ASSERT_TRUE(eventually([] { return metrics_answer("node2", "10.0.0.11"); })) << lab("status").output;
  auto f = lab("fault service-down agent@node1");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_FALSE(metrics_answer("node2", "10.0.0.11"));
  EXPECT_TRUE(metrics_answer("node1", "10.0.0.12"));  // only node1's agent
  EXPECT_THAT(lab("status").output, ::testing::ContainsRegex("agent@node1 +pid [0-9]+ +stopped"));
  ASSERT_EQ(lab("heal " + fault_id(f)).exit_code, 0);
  EXPECT_TRUE(eventually([] { return metrics_answer("node2", "10.0.0.11"); }));
  EXPECT_THAT(lab("status").output, ::testing::ContainsRegex("agent@node1 +pid [0-9]+ +running"));
}

TEST_F(LabFault, ServiceDownWithoutHostStopsItOnEveryHost) {
  ASSERT_TRUE(eventually([] { return metrics_answer("node1", "10.0.0.13"); }));
  auto f = lab("fault service-down agent");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  for (const char* address : {"10.0.0.11", "10.0.0.12", "10.0.0.13"})
    EXPECT_FALSE(metrics_answer("node1", address)) << address;
  ASSERT_EQ(lab("heal --all").exit_code, 0);
  for (const char* address : {"10.0.0.11", "10.0.0.12", "10.0.0.13"})
    EXPECT_TRUE(eventually([&] { return metrics_answer("node1", address); })) << address;
}

TEST_F(LabFault, BadFaultsAreUsageErrors) {
  EXPECT_EQ(lab("fault link-down node9:eno1").exit_code, 2);
  EXPECT_EQ(lab("fault melt node1:eno1").exit_code, 2);
  EXPECT_EQ(lab("fault loss node1:eno1 --percent 0").exit_code, 2);
  EXPECT_EQ(lab("heal f999").exit_code, 2);
  EXPECT_EQ(lab("fault flap node1:eno1 --per-minute 0 --for 5s").exit_code, 2);
  EXPECT_EQ(lab("fault flap node1:eno1 --per-minute 10 --for 5x").exit_code, 2);
  EXPECT_EQ(lab("fault flap node1:eno1").exit_code, 2);
  EXPECT_EQ(lab("fault service-down nosuch").exit_code, 2);
  EXPECT_EQ(lab("fault service-down agent@node9").exit_code, 2);
}

}  // namespace
}  // namespace netkeel
