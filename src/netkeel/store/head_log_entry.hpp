#pragma once
// One batch's samples as the SQLite back end logs them before they reach a chunk: the head log makes a
// write durable at the cost of one row per batch (docs/store.md, "Durability").
#include <cstdint>
#include <span>
#include <vector>

namespace netkeel::store {

struct LoggedSample {
  std::int64_t series_id = 0;
  std::int64_t timestamp_ms = 0;
  double value = 0;
};

// LEB128 count, then per sample: LEB128 series id, zigzag-LEB128 timestamp delta to the previous
// sample (the first to 0), the value's 8 bytes little-endian.
std::vector<std::uint8_t> encode_head_log_entry(std::span<const LoggedSample> samples);

// Throws std::runtime_error when the bytes are not such an entry.
std::vector<LoggedSample> decode_head_log_entry(std::span<const std::uint8_t> bytes);

}  // namespace netkeel::store
