#include "netkeel/store/clickhouse_partition.hpp"

#include <charconv>

#include "netkeel/store/retention_policy.hpp"

namespace netkeel::store {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<TimestampMs> partition_day_start_ms(std::string_view partition) {
  if (partition.size() != 8) return std::nullopt;
  unsigned value = 0;
  const auto [end, error] = std::from_chars(partition.data(), partition.data() + partition.size(), value);
  if (error != std::errc{} || end != partition.data() + partition.size()) return std::nullopt;
  const std::int64_t year = value / 10000;
  const unsigned month = value / 100 % 100;
  const unsigned day = value % 100;
  constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > month_days[month - 1] + (month == 2 && is_leap(year) ? 1 : 0)) return std::nullopt;
  return days_from_civil(year, month, day) * day_ms;
}

bool partition_expired(TimestampMs day_start_ms, TimestampMs cutoff_ms) { return day_start_ms + day_ms <= cutoff_ms; }

}  // namespace netkeel::store
