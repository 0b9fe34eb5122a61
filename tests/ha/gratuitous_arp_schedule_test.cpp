#include "netkeel/ha/gratuitous_arp_schedule.hpp"

#include <gtest/gtest.h>

namespace netkeel::ha {
namespace {

using namespace std::chrono_literals;

const SteadyTime kStart = SteadyTime{} + 1h;

TEST(GratuitousArpSchedule, NothingIsDueBeforeStart) {
  GratuitousArpSchedule s;
  EXPECT_FALSE(s.due(kStart));
  EXPECT_FALSE(s.next());
}

TEST(GratuitousArpSchedule, BurstSlotsThenEverySixtySecondsAfterTheLast) {
  GratuitousArpSchedule s;
  s.start(kStart);
  std::vector<Nanoseconds> sent;
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(s.next());
    const SteadyTime at = *s.next();
    EXPECT_FALSE(s.due(at - 1ns));
    EXPECT_TRUE(s.due(at));
    s.sent(at);
    sent.push_back(at - kStart);
  }
  const std::vector<Nanoseconds> expected{0ms, 100ms, 300ms, 1100ms, 2200ms, 62200ms, 122200ms};
  EXPECT_EQ(sent, expected);
}

TEST(GratuitousArpSchedule, ALateCallerSkipsMissedSlotsInsteadOfSendingThemInARow) {
  GratuitousArpSchedule s;
  s.start(kStart);
  s.sent(kStart + 1200ms);  // the loop was stalled: slots 0, 0.1, 0.3 and 1.1 s have all passed
  EXPECT_EQ(s.next(), kStart + 2200ms);
  s.sent(kStart + 5s);
  EXPECT_EQ(s.next(), kStart + 65s);
}

TEST(GratuitousArpSchedule, StopAndRestart) {
  GratuitousArpSchedule s;
  s.start(kStart);
  s.sent(kStart);
  s.stop();
  EXPECT_FALSE(s.due(kStart + 1h));
  s.start(kStart + 2h);
  EXPECT_EQ(s.next(), kStart + 2h);
}

}  // namespace
}  // namespace netkeel::ha
