#pragma once
// A Clock that moves only when a test says so.
#include "netkeel/core/clock.hpp"

namespace netkeel {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(SteadyTime start = SteadyTime{} + std::chrono::hours(1)) : now_(start) {}
  SteadyTime now() const override { return now_; }
  void advance(Nanoseconds by) { now_ += by; }
  void set(SteadyTime to) { now_ = to; }

 private:
  SteadyTime now_;
};

}  // namespace netkeel
