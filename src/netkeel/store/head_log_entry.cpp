#include "netkeel/store/head_log_entry.hpp"

#include <bit>
#include <stdexcept>

#include "netkeel/store/leb128.hpp"

namespace netkeel::store {
namespace {

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

class Cursor {
 public:
  explicit Cursor(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint64_t varint() {
    const Leb128Read read = read_leb128(bytes_, position_);
    if (read.status == Leb128Status::truncated) throw std::runtime_error("head log entry: truncated");
    if (read.status == Leb128Status::too_long) throw std::runtime_error("head log entry: varint too long");
    return read.value;
  }
  std::uint64_t fixed64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(byte()) << (8 * i);
    return v;
  }
  std::size_t remaining() const { return bytes_.size() - position_; }

 private:
  std::uint8_t byte() {
    if (position_ >= bytes_.size()) throw std::runtime_error("head log entry: truncated");
    return bytes_[position_++];
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t position_ = 0;
};

}  // namespace

std::vector<std::uint8_t> encode_head_log_entry(std::span<const LoggedSample> samples) {
  std::vector<std::uint8_t> out;
  out.reserve(4 + samples.size() * 12);
  append_leb128(out, samples.size());
  std::int64_t previous = 0;
  for (const LoggedSample& s : samples) {
    append_leb128(out, static_cast<std::uint64_t>(s.series_id));
    append_leb128(out, zigzag(static_cast<std::int64_t>(static_cast<std::uint64_t>(s.timestamp_ms) -
                                                     static_cast<std::uint64_t>(previous))));
    previous = s.timestamp_ms;
    const auto bits = std::bit_cast<std::uint64_t>(s.value);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
  return out;
}

std::vector<LoggedSample> decode_head_log_entry(std::span<const std::uint8_t> bytes) {
  Cursor cursor(bytes);
  const std::uint64_t count = cursor.varint();
  if (count > bytes.size() / 10) throw std::runtime_error("head log entry: sample count exceeds its size");
  std::vector<LoggedSample> samples;
  samples.reserve(count);
  std::int64_t previous = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    LoggedSample s;
    s.series_id = static_cast<std::int64_t>(cursor.varint());
    s.timestamp_ms = static_cast<std::int64_t>(static_cast<std::uint64_t>(previous) +
                                               static_cast<std::uint64_t>(unzigzag(cursor.varint())));
    previous = s.timestamp_ms;
    s.value = std::bit_cast<double>(cursor.fixed64());
    samples.push_back(s);
  }
  if (cursor.remaining() != 0) throw std::runtime_error("head log entry: bytes after the last sample");
  return samples;
}

}  // namespace netkeel::store
