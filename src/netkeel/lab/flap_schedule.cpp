#include "netkeel/lab/flap_schedule.hpp"


#include <fmt/format.h>

#include "netkeel/core/duration.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::lab {

std::vector<FlapEvent> flap_schedule(int per_minute, std::chrono::milliseconds duration) {
  if (per_minute < 1 || per_minute > kMaxFlapsPerMinute)
    throw UsageError(fmt::format("--per-minute {}: give 1 to {} flaps per minute", per_minute, kMaxFlapsPerMinute));
  if (duration.count() <= 0) throw UsageError("--for: give a positive duration, e.g. 30s or 2m");
  const std::chrono::milliseconds period(60000 / per_minute);
  long cycles = std::max<long>(1, static_cast<long>(duration.count() / period.count()));
  std::vector<FlapEvent> events;
  for (long k = 0; k < cycles; ++k) {
    events.push_back({period * k, false});
    events.push_back({period * k + period / 2, true});
  }
  return events;
}

std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag) {
  const auto ms = parse_duration_ms(text);
  if (!ms) throw UsageError(flag + " " + text + ": write a whole number with an optional unit ms, s, m, h or d (e.g. 30s, 2m)");
  if (*ms <= 0) throw UsageError(flag + " " + text + ": give a positive duration, e.g. 30s or 2m");
  if (*ms > 7 * 86400 * 1000LL) throw UsageError(flag + " " + text + ": a lab fault lasts at most 7d");
  return std::chrono::milliseconds(*ms);
}

}  // namespace netkeel::lab
