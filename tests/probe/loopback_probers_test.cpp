// The real UDP and TCP probers against loopback only (no namespace, no root needed).
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_engine.hpp"
#include "netkeel/probe/socket_io.hpp"
#include "netkeel/probe/tcp_prober.hpp"
#include "netkeel/probe/udp_prober.hpp"
#include "netkeel/probe/udp_responder.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {
namespace {

const Ipv4Address kLoopback(0x7f000001);

// Runs the engine until it is finished (every probe answered or timed out), polling; no sleeps.
void run_to_end(ProbeEngine& engine, UdpResponder* responder) {
  SystemClock clock;
  const auto deadline = clock.now() + std::chrono::seconds(30);
  while (!engine.finished() && clock.now() < deadline) {
    if (responder) responder->answer_pending();
    engine.tick();
  }
  ASSERT_TRUE(engine.finished());
}

TEST(LoopbackProbers, UdpEchoThroughTheResponderOverEverySourcePort) {
  UdpResponder responder(kLoopback, 0);
  UdpProber udp(0x1234, 4);
  const auto ports = udp.source_ports();
  EXPECT_EQ(std::set<uint16_t>(ports.begin(), ports.end()).size(), 4u) << "source ports must differ";
  SystemClock clock;
  ProbeEngine engine(clock, ScheduleOptions{.interval = std::chrono::milliseconds(5), .probes_per_target = 20},
                     std::chrono::seconds(2), {{ProbeKind::udp, &udp}});
  engine.set_targets({ProbeTarget{"a", "b", TargetRole::host, "lo", ProbeKind::udp, kLoopback, kLoopback, responder.port()}});
  run_to_end(engine, &responder);
  const auto r = engine.results().at(0);
  EXPECT_EQ(r.interval.sent, 20u);
  EXPECT_EQ(r.interval.lost, 0u);
  ASSERT_TRUE(r.interval.rtt);
  EXPECT_GT(r.interval.rtt->min, Nanoseconds(0));
  EXPECT_EQ(responder.answered_total(), 20u);
  // Loopback stamps every send: each RTT starts from the kernel's transmit timestamp, none falls back.
  ASSERT_TRUE(udp.transmit_timestamps());
  const auto& counts = engine.send_time_counts().at(ProbeKind::udp);
  EXPECT_EQ(counts.kernel, 20u);
  EXPECT_EQ(counts.userspace, 0u);
}

TEST(LoopbackProbers, UdpBatchesOverThePoolKeepEveryStampWithItsProbe) {
  // 60 targets due in the same few wakeups: each batch leaves as one sendmmsg per pool socket, and
  // every reply's RTT must still start from its own probe's kernel transmit stamp.
  UdpResponder responder(kLoopback, 0);
  UdpProber udp(0x4242, 4);
  SystemClock clock;
  ProbeEngine engine(clock, ScheduleOptions{.interval = std::chrono::milliseconds(20), .probes_per_target = 5},
                     std::chrono::seconds(2), {{ProbeKind::udp, &udp}});
  std::vector<ProbeTarget> targets;
  for (int i = 0; i < 60; ++i)
    targets.push_back(ProbeTarget{"a", "peer" + std::to_string(i), TargetRole::host, "lo", ProbeKind::udp, kLoopback, kLoopback, responder.port()});
  engine.set_targets(targets);
  run_to_end(engine, &responder);
  for (const auto& r : engine.results()) {
    EXPECT_EQ(r.interval.sent, 5u) << r.target.dst;
    EXPECT_EQ(r.interval.lost, 0u) << r.target.dst;
  }
  EXPECT_EQ(responder.answered_total(), 300u);
  const auto& counts = engine.send_time_counts().at(ProbeKind::udp);
  EXPECT_EQ(counts.kernel, 300u);
  EXPECT_EQ(counts.userspace, 0u);
}

TEST(LoopbackProbers, AResponderThatAnswersLateTakesItsHoldOffTheRtt) {
  // The daemon's responder lets probes gather before it answers (agent/responder_schedule.hpp); each
  // reply says how long it waited, and the prober's RTT leaves that out.
  UdpResponder responder(kLoopback, 0);
  UdpProber udp(0x5151, 2);
  SystemClock clock;
  ProbeEngine engine(clock, ScheduleOptions{.interval = std::chrono::milliseconds(5), .probes_per_target = 5},
                     std::chrono::seconds(5), {{ProbeKind::udp, &udp}});
  engine.set_targets({ProbeTarget{"a", "b", TargetRole::host, "lo", ProbeKind::udp, kLoopback, kLoopback, responder.port()}});
  while (!engine.scheduler().done()) engine.tick();  // all five sent, none answered yet
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(responder.answer_pending(), 5u) << "every probe held at least 60 ms";
  run_to_end(engine, nullptr);
  const auto r = engine.results().at(0);
  EXPECT_EQ(r.interval.lost, 0u);
  ASSERT_TRUE(r.interval.rtt);
  EXPECT_LT(r.interval.rtt->max, std::chrono::milliseconds(30)) << "the 60+ ms the responder held them were not taken off";
}

TEST(LoopbackProbers, UdpWithoutResponderIsAllLost) {
  // A port nobody listens on: bind one, learn its number, close it.
  uint16_t closed_port = 0;
  {
    UdpResponder gone(kLoopback, 0);
    closed_port = gone.port();
  }
  UdpProber udp(0x99, 2);
  SystemClock clock;
  ProbeEngine engine(clock, ScheduleOptions{.interval = std::chrono::milliseconds(5), .probes_per_target = 5},
                     std::chrono::milliseconds(200), {{ProbeKind::udp, &udp}});
  engine.set_targets({ProbeTarget{"a", "b", TargetRole::host, "lo", ProbeKind::udp, kLoopback, kLoopback, closed_port}});
  run_to_end(engine, nullptr);
  EXPECT_EQ(engine.results().at(0).interval.lost, 5u);
}

TEST(LoopbackProbers, TcpConnectToListenerAndToClosedPort) {
  UniqueFd listener(socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in a = to_sockaddr(kLoopback, 0);
  ASSERT_EQ(bind(listener.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(listener.get(), 64), 0);
  socklen_t len = sizeof a;
  getsockname(listener.get(), reinterpret_cast<sockaddr*>(&a), &len);
  const uint16_t open_port = ntohs(a.sin_port);
  uint16_t closed_port = 0;
  {
    UniqueFd s(socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in b = to_sockaddr(kLoopback, 0);
    bind(s.get(), reinterpret_cast<sockaddr*>(&b), sizeof b);
    len = sizeof b;
    getsockname(s.get(), reinterpret_cast<sockaddr*>(&b), &len);
    closed_port = ntohs(b.sin_port);
  }
  TcpProber tcp;
  SystemClock clock;
  ProbeEngine engine(clock, ScheduleOptions{.interval = std::chrono::milliseconds(5), .probes_per_target = 10},
                     std::chrono::milliseconds(500), {{ProbeKind::tcp, &tcp}});
  engine.set_targets({ProbeTarget{"a", "open", TargetRole::vip, "lo", ProbeKind::tcp, kLoopback, kLoopback, open_port},
                      ProbeTarget{"a", "closed", TargetRole::vip, "lo", ProbeKind::tcp, kLoopback, kLoopback, closed_port}});
  run_to_end(engine, nullptr);
  for (const auto& r : engine.results()) {
    EXPECT_EQ(r.interval.sent, 10u) << r.target.dst;
    EXPECT_EQ(r.interval.lost, r.target.dst == "open" ? 0u : 10u) << r.target.dst;
  }
}

}  // namespace
}  // namespace netkeel::probe
