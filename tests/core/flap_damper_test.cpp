// The flap damper on a fake clock: downs at once, ups batched, flapping after quick flaps, quiet
// periods end the flapping and forget the history.
#include "netkeel/core/flap_damper.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "fakes/core/fake_clock.hpp"

namespace netkeel {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(FlapDamper, ADownIsReportedAtOnce) {
  FakeClock clock;
  FlapDamper d(clock);
  EXPECT_EQ(d.state(), DampedState::up);
  EXPECT_EQ(d.observe(false), DampedState::down);
  EXPECT_EQ(d.state(), DampedState::down);
  EXPECT_EQ(d.flaps_total(), 1u);
}

TEST(FlapDamper, AnUpIsReportedOnlyAfterItHeld) {
  FakeClock clock;
  FlapDamper d(clock);
  d.observe(false);
  EXPECT_EQ(d.observe(true), std::nullopt);
  EXPECT_EQ(d.state(), DampedState::down);
  ASSERT_TRUE(d.next_deadline());
  EXPECT_EQ(*d.next_deadline(), clock.now() + seconds(1));
  clock.advance(milliseconds(999));
  EXPECT_EQ(d.poll(), std::nullopt);
  clock.advance(milliseconds(1));
  EXPECT_EQ(d.poll(), DampedState::up);
  EXPECT_EQ(d.next_deadline(), std::nullopt);
}

TEST(FlapDamper, UpsWithinTheHoldAreBatchedIntoOne) {
  FakeClock clock;
  FlapDamperOptions o;
  o.suppress_above = 10000;  // never flapping here
  FlapDamper d(clock, o);
  EXPECT_EQ(d.observe(false), DampedState::down);
  int reported_ups = 0;
  for (int i = 0; i < 2; ++i) {
    if (d.observe(true) == DampedState::up) ++reported_ups;
    clock.advance(milliseconds(200));
    // down again before the hold ran out: the down was already reported, nothing new
    EXPECT_EQ(d.observe(false), std::nullopt);
    clock.advance(milliseconds(200));
  }
  d.observe(true);
  clock.advance(seconds(1));
  if (d.poll() == DampedState::up) ++reported_ups;
  EXPECT_EQ(reported_ups, 1);
}

TEST(FlapDamper, QuickFlapsAreReportedAsFlappingOnTheThird) {
  FakeClock clock;
  FlapDamper d(clock);
  EXPECT_EQ(d.observe(false), DampedState::down);
  d.observe(true);
  clock.advance(seconds(2));
  EXPECT_EQ(d.poll(), DampedState::up);
  EXPECT_EQ(d.observe(false), DampedState::down);
  d.observe(true);
  clock.advance(seconds(2));
  EXPECT_EQ(d.poll(), DampedState::up);
  EXPECT_EQ(d.observe(false), DampedState::flapping);
  EXPECT_GE(d.penalty(), 2500);
  // Going up again does not end it: it stays suppressed while the penalty is high.
  d.observe(true);
  clock.advance(seconds(2));
  EXPECT_EQ(d.poll(), std::nullopt);
  EXPECT_EQ(d.state(), DampedState::flapping);
  EXPECT_EQ(d.flaps_total(), 3u);
}

TEST(FlapDamper, FlappingEndsWhenThePenaltyDecaysAndReportsTheRealState) {
  FakeClock clock;
  FlapDamper d(clock);
  for (int i = 0; i < 3; ++i) {
    d.observe(false);
    clock.advance(milliseconds(100));
    d.observe(true);
    clock.advance(milliseconds(100));
  }
  ASSERT_EQ(d.state(), DampedState::flapping);
  ASSERT_TRUE(d.next_deadline());
  const SteadyTime reuse = *d.next_deadline();
  // ~3000 decays below 800 after log2(3000/800) ~= 1.9 half-lives of 15 s.
  EXPECT_GT(reuse, clock.now() + seconds(25));
  EXPECT_LT(reuse, clock.now() + seconds(35));
  clock.set(reuse - milliseconds(10));
  EXPECT_EQ(d.poll(), std::nullopt);
  clock.set(reuse);
  EXPECT_EQ(d.poll(), DampedState::up);
}

TEST(FlapDamper, FlappingWhileDownEndsAsDown) {
  FakeClock clock;
  FlapDamper d(clock);
  for (int i = 0; i < 3; ++i) {
    d.observe(false);
    d.observe(true);
  }
  d.observe(false);
  ASSERT_EQ(d.state(), DampedState::flapping);
  clock.advance(seconds(60));
  EXPECT_EQ(d.poll(), DampedState::down);
}

TEST(FlapDamper, AStablePeriodForgetsTheHistory) {
  FakeClock clock;
  FlapDamperOptions o;
  o.half_life = std::chrono::hours(1);  // decay alone would keep the penalty
  FlapDamper d(clock, o);
  d.observe(false);
  d.observe(true);
  d.observe(false);
  d.observe(true);
  EXPECT_NEAR(d.penalty(), 2000, 1);
  clock.advance(seconds(59));
  EXPECT_GT(d.penalty(), 1900);
  clock.advance(seconds(1));
  EXPECT_EQ(d.penalty(), 0);
  d.poll();
  EXPECT_EQ(d.state(), DampedState::up);
  // Two more flaps after the stable period are not the "third": the history was forgotten.
  EXPECT_EQ(d.observe(false), DampedState::down);
  d.observe(true);
  clock.advance(seconds(2));
  d.poll();
  EXPECT_EQ(d.observe(false), DampedState::down);
}

TEST(FlapDamper, ZeroHoldReportsUpAtOnce) {
  FakeClock clock;
  FlapDamperOptions o;
  o.up_hold = Nanoseconds(0);
  FlapDamper d(clock, o, false);
  EXPECT_EQ(d.state(), DampedState::down);
  EXPECT_EQ(d.observe(true), DampedState::up);
  EXPECT_EQ(d.flaps_total(), 0u);
}

TEST(FlapDamper, RejectsInconsistentOptions) {
  FakeClock clock;
  FlapDamperOptions o;
  o.reuse_below = o.suppress_above;
  EXPECT_THROW(FlapDamper(clock, o), std::invalid_argument);
  o = {};
  o.half_life = Nanoseconds(0);
  EXPECT_THROW(FlapDamper(clock, o), std::invalid_argument);
  o = {};
  o.penalty_per_flap = 0;
  EXPECT_THROW(FlapDamper(clock, o), std::invalid_argument);
}

}  // namespace
}  // namespace netkeel
