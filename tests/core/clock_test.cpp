#include "netkeel/core/clock.hpp"

#include <gtest/gtest.h>

#include "fakes/core/fake_clock.hpp"

namespace netkeel {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(FakeClock, AdvanceMovesMonotonicAndWallTimeTogether) {
  FakeClock clock;
  const SteadyTime steady = clock.now();
  const WallTime wall = clock.wall_now();
  EXPECT_EQ(unix_milliseconds(wall), 1767225600000);  // 2026-01-01T00:00:00Z
  clock.advance(milliseconds(1500));
  EXPECT_EQ(clock.now() - steady, milliseconds(1500));
  EXPECT_EQ(clock.wall_now() - wall, milliseconds(1500));
}

TEST(FakeClock, AWallClockJumpLeavesMonotonicTimeAlone) {
  FakeClock clock;
  const SteadyTime steady = clock.now();
  clock.set_wall(clock.wall_now() - std::chrono::hours(1));  // NTP steps the clock back
  EXPECT_EQ(clock.now(), steady);
  EXPECT_EQ(unix_milliseconds(clock.wall_now()), 1767225600000 - 3600000);
}

TEST(FakeClock, SleepingAdvancesAndRunsWhatHappensMeanwhile) {
  FakeClock clock;
  const Clock& as_seen_by_code = clock;
  const SteadyTime start = clock.now();
  int woke = 0;
  clock.on_sleep = [&] { ++woke; };
  as_seen_by_code.sleep_for(seconds(3));
  as_seen_by_code.sleep_for(milliseconds(250));
  EXPECT_EQ(clock.now() - start, milliseconds(3250));
  EXPECT_EQ(woke, 2);
}

TEST(SystemClock, WallTimeIsUnixTime) {
  const SystemClock clock;
  // After 2020-01-01 and monotonic time does not go backwards: the real clocks, not a fixed value.
  EXPECT_GT(unix_milliseconds(clock.wall_now()), 1577836800000);
  EXPECT_EQ(unix_nanoseconds(WallTime{} + seconds(2)).count(), 2000000000);
  const SteadyTime first = clock.now();
  EXPECT_LE(first, clock.now());
}

}  // namespace
}  // namespace netkeel
