#include "netkeel/store/row_binary.hpp"

#include <algorithm>

#include "netkeel/core/error.hpp"
#include "netkeel/store/leb128.hpp"

namespace netkeel::store {

std::uint16_t clickhouse_day(std::int64_t timestamp_ms) {
  constexpr std::int64_t day_ms = 86'400'000;
  // Floor division, so a negative timestamp lands on the day before the epoch (then clamps to 0).
  const std::int64_t day = timestamp_ms >= 0 ? timestamp_ms / day_ms : -((-(timestamp_ms + 1)) / day_ms) - 1;
  return static_cast<std::uint16_t>(std::clamp<std::int64_t>(day, 0, 65535));
}

void RowBinaryWriter::string(std::string_view text) {
  append_leb128(out_, text.size());
  out_.append(text);
}

void RowBinaryWriter::string_array(const std::vector<std::string_view>& items) {
  append_leb128(out_, items.size());
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
  const std::span bytes(reinterpret_cast<const std::uint8_t*>(data_.data()), data_.size());
  const std::size_t start = offset_;
  const Leb128Read read = read_leb128(bytes, offset_);
  if (read.status == Leb128Status::truncated) {
    offset_ = data_.size();  // the number runs to the end of the answer: one more byte was needed there
    need(1);                 // throws
  }
  if (read.status == Leb128Status::too_long) {
    throw RuntimeError("ClickHouse answer to " + what_ + ": a length at byte " + std::to_string(start) +
                       " has more than 10 bytes");
  }
  return read.value;
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
