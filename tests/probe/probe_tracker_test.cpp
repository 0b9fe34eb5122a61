#include "netkeel/probe/probe_tracker.hpp"

#include <gtest/gtest.h>

namespace netkeel::probe {
namespace {

using std::chrono::milliseconds;

const SteadyTime t0{std::chrono::seconds(100)};

TEST(ProbeTracker, AReplyInTimeResolvesOnceALateOneNever) {
  ProbeTracker tracker(milliseconds(500));
  const uint32_t a = tracker.start(1, t0);
  const uint32_t b = tracker.start(1, t0 + milliseconds(1));
  EXPECT_NE(a, b);
  EXPECT_EQ(tracker.in_flight(), 2u);
  EXPECT_EQ(tracker.complete(1, a, t0 + milliseconds(3)), t0);
  EXPECT_FALSE(tracker.complete(1, a, t0 + milliseconds(4))) << "a duplicate";
  EXPECT_FALSE(tracker.complete(1, b, t0 + milliseconds(502))) << "after its deadline: expire() decides";
  EXPECT_FALSE(tracker.complete(2, 0, t0)) << "a target it never had";
  EXPECT_EQ(tracker.in_flight(), 1u);
  EXPECT_EQ(tracker.expire(t0 + milliseconds(502)), (std::vector<std::pair<TargetId, uint32_t>>{{1, b}}));
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(ProbeTracker, AMeasuredRttDecidesInsteadOfTheTimeItWasRead) {
  ProbeTracker tracker(milliseconds(500));
  const uint32_t a = tracker.start(1, t0);
  const uint32_t b = tracker.start(1, t0);
  EXPECT_EQ(tracker.complete(1, a, t0 + milliseconds(550), milliseconds(500)), t0) << "in time, read late";
  EXPECT_FALSE(tracker.complete(1, b, t0 + milliseconds(10), milliseconds(501))) << "read early, measured late";
  EXPECT_EQ(tracker.in_flight(), 1u);
  EXPECT_EQ(tracker.expire(t0 + milliseconds(501)), (std::vector<std::pair<TargetId, uint32_t>>{{1, b}}));
}

TEST(ProbeTracker, ExpiresInSendOrderExactlyAfterTheDeadline) {
  ProbeTracker tracker(milliseconds(100));
  tracker.start(3, t0);
  tracker.start(1, t0 + milliseconds(10));
  tracker.start(2, t0 + milliseconds(20));
  EXPECT_TRUE(tracker.expire(t0 + milliseconds(100)).empty()) << "at the deadline it is not late yet";
  EXPECT_EQ(tracker.expire(t0 + milliseconds(115)), (std::vector<std::pair<TargetId, uint32_t>>{{3, 0}, {1, 0}}));
  EXPECT_EQ(tracker.next_deadline(), t0 + milliseconds(120) + Nanoseconds(1));
}

TEST(ProbeTracker, TheNextDeadlineSkipsProbesThatAlreadyResolved) {
  // No wakeup for a probe that was answered: the deadline is the oldest probe still in flight.
  ProbeTracker tracker(milliseconds(100));
  const uint32_t first = tracker.start(1, t0);
  tracker.start(2, t0 + milliseconds(30));
  const uint32_t third = tracker.start(3, t0 + milliseconds(60));
  tracker.complete(3, third, t0 + milliseconds(61));  // answered out of order: stays behind until its turn
  tracker.complete(1, first, t0 + milliseconds(62));
  EXPECT_EQ(tracker.next_deadline(), t0 + milliseconds(130) + Nanoseconds(1));
  EXPECT_EQ(tracker.expire(t0 + milliseconds(200)), (std::vector<std::pair<TargetId, uint32_t>>{{2, 0}}));
  EXPECT_FALSE(tracker.next_deadline());
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(ProbeTracker, AForgottenTargetsProbesNeitherExpireNorResolve) {
  ProbeTracker tracker(milliseconds(100));
  const uint32_t seq = tracker.start(1, t0);
  tracker.start(2, t0 + milliseconds(5));
  tracker.forget(1);
  EXPECT_EQ(tracker.in_flight(), 1u);
  EXPECT_FALSE(tracker.complete(1, seq, t0 + milliseconds(1)));
  EXPECT_EQ(tracker.next_deadline(), t0 + milliseconds(105) + Nanoseconds(1));
  // A target that comes back under the same id starts over, and the old probe's record cannot match it.
  EXPECT_EQ(tracker.start(1, t0 + milliseconds(50)), 0u);
  EXPECT_EQ(tracker.expire(t0 + milliseconds(120)), (std::vector<std::pair<TargetId, uint32_t>>{{2, 0}}));
  EXPECT_EQ(tracker.expire(t0 + milliseconds(151)), (std::vector<std::pair<TargetId, uint32_t>>{{1, 0}}));
}

TEST(ProbeTracker, AStartOutOfTimeOrderStillExpiresInDeadlineOrder) {
  ProbeTracker tracker(milliseconds(100));
  tracker.start(1, t0 + milliseconds(50));
  tracker.start(2, t0);  // a clock that went back: kept in order, not appended
  EXPECT_EQ(tracker.next_deadline(), t0 + milliseconds(100) + Nanoseconds(1));
  EXPECT_EQ(tracker.expire(t0 + milliseconds(120)), (std::vector<std::pair<TargetId, uint32_t>>{{2, 0}}));
}

}  // namespace
}  // namespace netkeel::probe
