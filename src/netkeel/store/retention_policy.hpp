#pragma once
// How long data is kept at each resolution; maintenance (Store::maintain) applies it.
#include <cstdint>
#include <vector>

namespace netkeel::store {

inline constexpr std::int64_t minute_ms = 60'000;
inline constexpr std::int64_t hour_ms = 60 * minute_ms;
inline constexpr std::int64_t day_ms = 24 * hour_ms;

struct RollupLevel {
  std::int64_t resolution_ms = 0;  // bucket width; buckets are aligned to multiples of it
  std::int64_t retention_ms = 0;   // buckets older than this are deleted
};

struct RetentionPolicy {
  std::int64_t raw_retention_ms = 7 * day_ms;
  // Finest first. Default: 1-minute buckets for 30 days, 1-hour buckets for a year.
  std::vector<RollupLevel> rollups = {{minute_ms, 30 * day_ms}, {hour_ms, 365 * day_ms}};
  std::int64_t event_retention_ms = 30 * day_ms;
  // How long a batch id is remembered for deduplication (a retry older than this is stored again).
  std::int64_t batch_id_retention_ms = 7 * day_ms;
};

}  // namespace netkeel::store
