#pragma once
// A Clock that moves only when a test says so: advance() moves monotonic and wall time together,
// set_wall() jumps the wall clock alone (as NTP or an operator would), sleep_for() advances and then
// runs the test's on_sleep hook (what happens while the code under test waits).
#include <functional>

#include "netkeel/core/clock.hpp"

namespace netkeel {

class FakeClock final : public Clock {
 public:
  // Wall time starts at 2026-01-01T00:00:00Z, so timestamps in tests look like real ones.
  explicit FakeClock(SteadyTime start = SteadyTime{} + std::chrono::hours(1),
                     WallTime wall_start = WallTime{} + std::chrono::seconds(1767225600))
      : now_(start), wall_(wall_start) {}
  SteadyTime now() const override { return now_; }
  WallTime wall_now() const override { return wall_; }
  void sleep_for(Nanoseconds duration) const override {
    advance(duration);
    if (on_sleep) on_sleep();
  }

  void advance(Nanoseconds by) const {
    now_ += by;
    wall_ += std::chrono::duration_cast<WallTime::duration>(by);
  }
  void set(SteadyTime to) { now_ = to; }
  void set_wall(WallTime to) { wall_ = to; }

  std::function<void()> on_sleep;

 private:
  // Mutable: waiting on a const Clock& is what moves a fake one.
  mutable SteadyTime now_;
  mutable WallTime wall_;
};

}  // namespace netkeel
