#pragma once
// Gorilla-style compression of one series' samples (Pelkonen et al., VLDB 2015): timestamps as
// delta-of-delta, values XOR'd with the previous value. Regular 1 Hz data costs ~1-2 bytes a sample
// instead of 16. Layout and bit codes: docs/store.md, "The chunk codec".
#include <bit>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "netkeel/store/bit_reader.hpp"
#include "netkeel/store/bit_writer.hpp"
#include "netkeel/store/point.hpp"

namespace netkeel::store {

inline constexpr std::uint8_t chunk_format_version = 1;

class CorruptChunk : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ChunkEncoder {
 public:
  // Appends a sample. Timestamps must strictly increase; returns false (and stores nothing) otherwise,
  // or when the gap exceeds INT64_MAX ms: the caller then starts a new chunk.
  bool append(std::int64_t timestamp_ms, double value);

  std::uint32_t count() const { return count_; }
  std::int64_t first_timestamp() const { return first_timestamp_; }
  std::int64_t last_timestamp() const { return last_timestamp_; }
  double last_value() const { return std::bit_cast<double>(last_value_bits_); }
  std::size_t size_bytes() const { return 6 + (bits_.bit_count() + 7) / 8; }  // upper bound

  // The complete chunk: format version, sample count (LEB128), then the bit stream.
  std::vector<std::uint8_t> bytes() const;
  // The same into `out` (replacing its contents), so a reader of many in-memory chunks reuses one buffer.
  void bytes_into(std::vector<std::uint8_t>& out) const;

 private:
  BitWriter bits_;
  std::uint32_t count_ = 0;
  std::int64_t first_timestamp_ = 0;
  std::int64_t last_timestamp_ = 0;
  std::uint64_t last_delta_ = 0;
  std::uint64_t last_value_bits_ = 0;
  unsigned window_leading_ = 0;  // the XOR window of the last '11' control block
  unsigned window_trailing_ = 0;
  bool has_window_ = false;
};

// Reads a chunk that may be corrupt or hostile: every inconsistency throws CorruptChunk, nothing
// reads out of bounds, and timestamps come out strictly increasing.
class ChunkDecoder {
 public:
  explicit ChunkDecoder(std::span<const std::uint8_t> chunk);

  std::uint32_t count() const { return count_; }
  // The next sample, or false after the last one (when the trailing padding has been checked).
  bool next(Point& point);

 private:
  void read_timestamp(Point& point);
  void read_value(Point& point);
  [[gnu::always_inline]] std::uint64_t read_bits(unsigned count) {  // inline: the decoder's hot path
    std::uint64_t v = 0;
    if (!bits_.read(count, v)) throw_truncated();
    return v;
  }
  [[noreturn]] void throw_truncated() const;

  BitReader bits_;
  std::uint32_t count_ = 0;
  std::uint32_t index_ = 0;
  std::int64_t last_timestamp_ = 0;
  std::uint64_t last_delta_ = 0;
  std::uint64_t last_value_bits_ = 0;
  unsigned window_leading_ = 0;
  unsigned window_trailing_ = 0;
  bool has_window_ = false;
};

std::vector<Point> decode_chunk(std::span<const std::uint8_t> chunk);

}  // namespace netkeel::store
