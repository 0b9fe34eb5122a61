#pragma once
// The one source of time (logic never reads a clock itself): monotonic time for intervals, deadlines and
// leases; wall time only for timestamps that people or other hosts read; and waiting. Daemons get a
// SystemClock, unit tests a FakeClock they advance by hand, so no unit test sleeps.
#include <chrono>
#include <cstdint>

namespace netkeel {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;
using Nanoseconds = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime now() const = 0;       // monotonic; never jumps with the wall clock
  virtual WallTime wall_now() const = 0;    // CLOCK_REALTIME; may jump (NTP, an operator): never for intervals
  virtual void sleep_for(Nanoseconds duration) const = 0;  // a FakeClock advances instead
};

// Wall time as the units the wire formats use.
inline Nanoseconds unix_nanoseconds(WallTime time) {
  return std::chrono::duration_cast<Nanoseconds>(time.time_since_epoch());
}
inline std::int64_t unix_milliseconds(WallTime time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

class SystemClock final : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }
  void sleep_for(Nanoseconds duration) const override;
};

}  // namespace netkeel
