// A raw ICMP socket sees every ICMP packet of its namespace. The agent's two ICMP probers (echo and
// path-MTU) and any other pinger must each get only their own echo replies, filtered in the kernel:
// the echo requests this host answers and the other prober's replies never reach the socket.
// Needs root; runs in a namespace of its own (loopback only), removed by its guard.
#include <poll.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "netkeel/core/clock.hpp"
#include "netkeel/kernel/network_namespace.hpp"
#include "netkeel/probe/icmp_prober.hpp"
#include "netkeel/probe/probe_engine.hpp"
#include "support/test_namespace.hpp"

namespace netkeel::probe {
namespace {

const Ipv4Address kLoopback(0x7f000001);

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

TEST(IcmpReplyFilter, EachRawSocketGetsOnlyItsOwnEchoReplies) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces, raw sockets)";
  testing::TestNamespace ns;
  ns.must_ip({"link", "set", "lo", "up"});
  kernel::ScopedNetworkNamespace inside(ns.name());
  IcmpProber echo(0x1111), path_mtu(0x2222, true), bystander(0x3333);
  if (!echo.raw()) GTEST_SKIP() << "ping sockets allowed here: the kernel demultiplexes them, no filter needed";
  SystemClock clock;
  ProbeEngine engine(clock, ScheduleOptions{.interval = std::chrono::milliseconds(5), .jitter = 0, .probes_per_target = 20},
                     std::chrono::seconds(2), {{ProbeKind::icmp, &echo}, {ProbeKind::pmtu, &path_mtu}});
  ProbeTarget icmp{"a", "b", TargetRole::host, "lo", ProbeKind::icmp, kLoopback, kLoopback, 0};
  ProbeTarget pmtu = icmp;
  pmtu.kind = ProbeKind::pmtu;
  pmtu.packet_size = 1400;
  engine.set_targets({icmp, pmtu});
  const auto deadline = clock.now() + std::chrono::seconds(30);
  while (!engine.finished() && clock.now() < deadline) engine.tick();
  ASSERT_TRUE(engine.finished());
  for (const auto& r : engine.results()) {
    EXPECT_EQ(r.interval.sent, 20u) << to_string(r.target.kind);
    EXPECT_EQ(r.interval.lost, 0u) << to_string(r.target.kind) << ": each socket still gets its own replies";
  }
  // 40 echo requests and 40 replies went through this namespace; without the filters the third
  // socket would hold a copy of all 80 (and each prober the other's 20 replies and all 40 requests).
  EXPECT_FALSE(readable(bystander.poll_fd())) << "another prober's replies or the requests reached this socket";
  EXPECT_TRUE(bystander.take_replies().empty());
}

}  // namespace
}  // namespace netkeel::probe
