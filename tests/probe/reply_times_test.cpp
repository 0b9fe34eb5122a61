// Every reply the engine takes keeps its time, so the shipper can send one RTT sample per probe.
#include <gtest/gtest.h>

#include "fake_prober.hpp"
#include "fakes/core/fake_clock.hpp"
#include "netkeel/probe/probe_engine.hpp"

namespace netkeel::probe {
namespace {

using std::chrono::milliseconds;

TEST(ReplyTimes, EachReplyOfAnIntervalCarriesTheTimeTheEngineTookIt) {
  FakeClock clock;
  testing::FakeProber icmp;
  ProbeEngine engine(clock, ScheduleOptions{.jitter = 0}, milliseconds(500), {{ProbeKind::icmp, &icmp}});
  engine.set_targets({ProbeTarget{"a", "b", TargetRole::host, "mgmt", ProbeKind::icmp, Ipv4Address(0x0a000001),
                                  Ipv4Address(0x0a000002), 0}});
  std::vector<SteadyTime> taken;
  for (auto end = clock.now() + std::chrono::seconds(5); clock.now() < end; clock.advance(milliseconds(1))) {
    engine.tick();
    if (icmp.sent.empty()) continue;
    clock.advance(milliseconds(2));
    icmp.reply_to_all_sent();
    engine.collect();
    taken.push_back(clock.now());
  }
  const auto interval = engine.take_interval().at(0).interval;
  ASSERT_EQ(interval.replies.size(), taken.size());
  ASSERT_GE(taken.size(), 4u);
  for (std::size_t i = 0; i < taken.size(); ++i) {
    EXPECT_EQ(interval.replies[i].at, taken[i]) << "reply " << i;
    EXPECT_EQ(interval.replies[i].rtt, milliseconds(2));
  }
  EXPECT_TRUE(engine.take_interval().at(0).interval.replies.empty());  // a new interval starts empty
}

}  // namespace
}  // namespace netkeel::probe
