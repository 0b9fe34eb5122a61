#pragma once
// A Clock whose monotonic time moves one second each time it is read, so a query's deadline passes while
// the query runs, without sleeping. Wall time and waiting as a FakeClock's. Thread-safe.
#include <mutex>

#include "fakes/core/fake_clock.hpp"

namespace netkeel::testing {

class AdvancingClock final : public Clock {
 public:
  SteadyTime now() const override {
    std::lock_guard lock(mutex_);
    time_.advance(std::chrono::seconds(1));
    return time_.now();
  }
  WallTime wall_now() const override { return time_.wall_now(); }
  void sleep_for(Nanoseconds duration) const override { time_.sleep_for(duration); }

 private:
  mutable std::mutex mutex_;
  FakeClock time_;
};

}  // namespace netkeel::testing
