// One check's state with a fake clock: fall/rise counting, then the flap hold-down that keeps a
// flapping check failing, grows while it keeps flapping, and ends once the check has been quiet.
#include "netkeel/ha/check_tracker.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakes/core/fake_clock.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

const HealthTiming kTiming{.interval = milliseconds(100), .timeout = milliseconds(100), .fall = 2, .rise = 2};

void results(CheckTracker& tracker, FakeClock& clock, bool passed, int count) {
  for (int i = 0; i < count; ++i) {
    tracker.record({passed, passed ? "ok" : "refused"});
    clock.advance(milliseconds(100));
  }
}

// One down/up cycle as the counting sees it: `fall` failures, then `rise` passes.
void flap_once(CheckTracker& tracker, FakeClock& clock) {
  results(tracker, clock, false, 2);
  results(tracker, clock, true, 2);
}

TEST(CheckTracker, StartsFailingAndNeedsRisePassesThenFallFailures) {
  FakeClock clock;
  CheckTracker tracker(clock, kTiming, seconds(10));
  EXPECT_EQ(tracker.state(), CheckState::failing);
  EXPECT_FALSE(tracker.record({true, "ok"}));
  EXPECT_TRUE(tracker.record({true, "ok"}));
  EXPECT_EQ(tracker.state(), CheckState::passing);
  EXPECT_FALSE(tracker.record({false, "refused"}));  // one failure is not enough (fall 2)
  EXPECT_TRUE(tracker.passing());
  EXPECT_TRUE(tracker.record({false, "refused"}));
  EXPECT_EQ(tracker.state(), CheckState::failing);
  EXPECT_EQ(tracker.detail(), "refused");
  EXPECT_EQ(tracker.flaps_total(), 1u);
}

TEST(CheckTracker, TheThirdQuickFailureHoldsTheCheckDownEvenThoughItPasses) {
  FakeClock clock;
  CheckTracker tracker(clock, kTiming, seconds(10));
  results(tracker, clock, true, 2);
  flap_once(tracker, clock);
  flap_once(tracker, clock);
  EXPECT_EQ(tracker.state(), CheckState::passing);  // two flaps: penalty 2000 < 2500
  results(tracker, clock, false, 2);
  EXPECT_EQ(tracker.state(), CheckState::held_down);
  results(tracker, clock, true, 5);  // the service answers again...
  EXPECT_EQ(tracker.state(), CheckState::held_down);  // ...but stays held down
  EXPECT_FALSE(tracker.passing());
  EXPECT_THAT(tracker.detail(), HasSubstr("held down: flapping (3 failures"));
}

TEST(CheckTracker, AHoldDownLastsAboutHoldDownThenTheCheckPassesAgain) {
  FakeClock clock;
  CheckTracker tracker(clock, kTiming, seconds(10));
  results(tracker, clock, true, 2);
  for (int i = 0; i < 3; ++i) flap_once(tracker, clock);
  ASSERT_EQ(tracker.state(), CheckState::held_down);
  clock.advance(seconds(8));
  EXPECT_FALSE(tracker.poll());
  EXPECT_EQ(tracker.state(), CheckState::held_down);
  clock.advance(seconds(4));
  EXPECT_TRUE(tracker.poll());  // ~10-12 s after the third failure, the check passes again
  EXPECT_EQ(tracker.state(), CheckState::passing);
}

TEST(CheckTracker, KeepingOnFlappingWhileHeldMakesTheHoldDownLonger) {
  FakeClock short_clock, long_clock;
  CheckTracker three(short_clock, kTiming, seconds(10)), six(long_clock, kTiming, seconds(10));
  results(three, short_clock, true, 2);
  results(six, long_clock, true, 2);
  for (int i = 0; i < 3; ++i) flap_once(three, short_clock);
  for (int i = 0; i < 6; ++i) flap_once(six, long_clock);
  auto held_for = [](CheckTracker& tracker, FakeClock& clock) {
    int seconds_held = 0;
    while (tracker.state() == CheckState::held_down && seconds_held < 600) {
      clock.advance(seconds(1));
      tracker.poll();
      ++seconds_held;
    }
    return seconds_held;
  };
  const int after_three = held_for(three, short_clock);
  const int after_six = held_for(six, long_clock);
  EXPECT_GE(after_three, 9);
  EXPECT_LE(after_three, 13);
  EXPECT_GT(after_six, after_three + 4);  // three more failures while held: a longer hold-down
}

TEST(CheckTracker, FailuresFarApartAreNeverHeldDown) {
  FakeClock clock;
  CheckTracker tracker(clock, kTiming, seconds(10));
  results(tracker, clock, true, 2);
  for (int i = 0; i < 10; ++i) {
    flap_once(tracker, clock);
    EXPECT_EQ(tracker.state(), CheckState::passing) << "flap " << i;
    clock.advance(seconds(30));  // the penalty decays between them
  }
}

TEST(CheckTracker, HoldDownZeroReportsTheCountedStateAsItIs) {
  FakeClock clock;
  CheckTracker tracker(clock, kTiming, milliseconds(0));
  results(tracker, clock, true, 2);
  for (int i = 0; i < 10; ++i) flap_once(tracker, clock);
  EXPECT_EQ(tracker.state(), CheckState::passing);
  EXPECT_EQ(tracker.flaps_total(), 0u);  // no damper, nothing counted
}

}  // namespace
}  // namespace netkeel::ha
