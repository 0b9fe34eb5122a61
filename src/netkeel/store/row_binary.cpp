#include "netkeel/store/row_binary.hpp"

#include <algorithm>

#include "netkeel/core/error.hpp"

namespace netkeel::store {

std::uint16_t clickhouse_day(std::int64_t timestamp_ms) {
  constexpr std::int64_t day_ms = 86'400'000;
  // Floor division, so a negative timestamp lands on the day before the epoch (then clamps to 0).
  const std::int64_t day = timestamp_ms >= 0 ? timestamp_ms / day_ms : -((-(timestamp_ms + 1)) / day_ms) - 1;
  return static_cast<std::uint16_t>(std::clamp<std::int64_t>(day, 0, 65535));
}

void RowBinaryWriter::string(std::string_view text) {
  std::uint64_t n = text.size();
  while (n >= 0x80) {
    out_ += static_cast<char>(static_cast<std::uint8_t>(n) | 0x80);
    n >>= 7;
  }
  out_ += static_cast<char>(n);
  out_.append(text);
}

void RowBinaryWriter::string_array(const std::vector<std::string_view>& items) {
  std::uint64_t n = items.size();
  while (n >= 0x80) {
    out_ += static_cast<char>(static_cast<std::uint8_t>(n) | 0x80);
    n >>= 7;
  }
  out_ += static_cast<char>(n);
  for (std::string_view item : items) string(item);
}

void RowBinaryWriter::date_of(std::int64_t timestamp_ms) { number<std::uint16_t>(clickhouse_day(timestamp_ms)); }

void RowBinaryReader::need(std::size_t n) const {
  if (offset_ > data_.size() || data_.size() - offset_ < n) {
    throw RuntimeError("ClickHouse answer to " + what_ + " ended early at byte " + std::to_string(offset_) +
                       " of " + std::to_string(data_.size()) + " (needed " + std::to_string(n) +
                       " more); is the server's version supported? (docs/store.md)");
  }
}

std::uint64_t RowBinaryReader::varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    need(1);
    const auto byte = static_cast<std::uint8_t>(data_[offset_++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value;
  }
  throw RuntimeError("ClickHouse answer to " + what_ + ": a length at byte " + std::to_string(offset_) +
                     " has more than 10 bytes");
}

std::string RowBinaryReader::string() {
  const std::uint64_t n = varint();
  need(n);
  std::string out(data_.substr(offset_, n));
  offset_ += n;
  return out;
}

std::vector<std::string> RowBinaryReader::string_array() {
  const std::uint64_t n = varint();
  std::vector<std::string> out;
  out.reserve(std::min<std::uint64_t>(n, data_.size() - offset_));
  for (std::uint64_t i = 0; i < n; ++i) out.push_back(string());
  return out;
}

std::vector<double> RowBinaryReader::float64_array() {
  const std::uint64_t n = varint();
  need(n > data_.size() ? data_.size() + 1 : n * sizeof(double));  // n * 8 must not wrap
  std::vector<double> out(n);
  std::memcpy(out.data(), data_.data() + offset_, n * sizeof(double));
  offset_ += n * sizeof(double);
  return out;
}

}  // namespace netkeel::store
