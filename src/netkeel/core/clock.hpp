#pragma once
// Injectable time (logic never reads the clock itself): logic asks a Clock, tests advance a FakeClock and never sleep.
#include <chrono>

namespace netkeel {

using SteadyTime = std::chrono::steady_clock::time_point;
using Nanoseconds = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime now() const = 0;  // monotonic; never jumps with the wall clock
};

class SteadyClock final : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace netkeel
