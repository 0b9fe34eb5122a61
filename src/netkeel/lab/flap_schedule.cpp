#include "netkeel/lab/flap_schedule.hpp"

#include <cctype>

#include <fmt/format.h>

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
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const std::string unit = text.substr(digits);
  long long factor = unit == "ms" ? 1 : (unit.empty() || unit == "s") ? 1000 : unit == "m" ? 60000 : unit == "h" ? 3600000 : 0;
  if (digits == 0 || digits > 9 || factor == 0)
    throw UsageError(flag + " " + text + ": write a whole number with an optional unit ms, s, m or h (e.g. 30s, 2m)");
  auto value = std::stoll(text.substr(0, digits)) * factor;
  if (value <= 0) throw UsageError(flag + " " + text + ": give a positive duration, e.g. 30s or 2m");
  return std::chrono::milliseconds(value);
}

}  // namespace netkeel::lab
