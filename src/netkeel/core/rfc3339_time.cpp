#include "netkeel/core/rfc3339_time.hpp"
#include <ctime>
#include <fmt/format.h>
namespace netkeel {
std::string format_rfc3339_ms(std::int64_t unix_ms) {
  std::int64_t seconds = unix_ms / 1000, ms = unix_ms % 1000;
  if (ms < 0) { ms += 1000; --seconds; }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}
}
