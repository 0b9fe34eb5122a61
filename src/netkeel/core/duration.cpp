#include "netkeel/core/duration.hpp"

#include <charconv>
#include <limits>

namespace netkeel {

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end == text.data() || number < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  std::int64_t scale = 0;
  if (unit == "ms") scale = 1;
  else if (unit == "s" || unit.empty()) scale = 1000;
  else if (unit == "m") scale = 60 * 1000;
  else if (unit == "h") scale = 3600 * 1000;
  else if (unit == "d") scale = 86400 * 1000;
  else return std::nullopt;
  if (number > std::numeric_limits<std::int64_t>::max() / scale) return std::nullopt;
  return number * scale;
}

std::string format_duration_ms(std::int64_t ms) {
  struct Unit {
    std::int64_t ms;
    const char* name;
  };
  static constexpr Unit units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}};
  if (ms != 0) {
    for (const Unit& unit : units) {
      if (ms % unit.ms == 0) return std::to_string(ms / unit.ms) + unit.name;
    }
  }
  return std::to_string(ms) + "ms";
}

}  // namespace netkeel
