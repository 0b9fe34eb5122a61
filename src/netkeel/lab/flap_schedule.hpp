#pragma once
// When a flapping link goes down and up: `lab fault flap HOST:NIC --per-minute N --for DURATION`.
// Pure: the flap driver (flap_driver.hpp) turns the schedule into `ip link set` calls.
#include <chrono>
#include <string>
#include <vector>

namespace netkeel::lab {

struct FlapEvent {
  std::chrono::milliseconds at;  // from the driver's start
  bool up = false;
};

inline constexpr int kMaxFlapsPerMinute = 600;  // one cycle per 100 ms: 50 ms down, 50 ms up

// N cycles per minute, each: down at the start of its period, up half a period later. As many whole
// cycles as fit in `duration` (at least one), so the port always ends up. Throws UsageError when
// per_minute is outside 1..600 or duration is not positive.
std::vector<FlapEvent> flap_schedule(int per_minute, std::chrono::milliseconds duration);

// "90", "90s", "1500ms", "2m", "1h", "1d" -> milliseconds (at most 7d). Throws UsageError naming `flag`
// and the syntax.
std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag);

}  // namespace netkeel::lab
