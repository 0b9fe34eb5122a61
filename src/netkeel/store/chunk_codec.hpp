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

// Where decoding can resume inside a chunk without reading what comes before it: the decoder's state
// just before sample `index`. The encoder records one every `restart_interval` samples, so a reader whose
// window starts late in a chunk skips most of it (docs/store.md, "Chunk summaries and restart points").
struct ChunkRestart {
  std::uint32_t index = 0;          // the sample decoding resumes at (>= 1)
  std::uint64_t bit_offset = 0;     // where that sample starts in the bit stream
  std::int64_t last_timestamp = 0;  // of sample index - 1: every sample before `index` is at or before it
  std::uint64_t last_delta = 0;
  std::uint64_t last_value_bits = 0;
  std::uint8_t window_leading = 0;
  std::uint8_t window_trailing = 0;
  bool has_window = false;
  bool operator==(const ChunkRestart&) const = default;
};

// Restarts as stored beside a chunk: 35 bytes each, little-endian, in the field order above.
std::vector<std::uint8_t> encode_chunk_restarts(std::span<const ChunkRestart> restarts);
// Throws CorruptChunk unless the size is a multiple of 35.
std::vector<ChunkRestart> decode_chunk_restarts(std::span<const std::uint8_t> bytes);

class ChunkEncoder {
 public:
  // restart_interval: record a ChunkRestart before every restart_interval-th sample (0: none).
  explicit ChunkEncoder(std::uint32_t restart_interval = 0) : restart_interval_(restart_interval) {}

  // Appends a sample. Timestamps must strictly increase; returns false (and stores nothing) otherwise,
  // or when the gap exceeds INT64_MAX ms: the caller then starts a new chunk.
  bool append(std::int64_t timestamp_ms, double value);

  std::uint32_t count() const { return count_; }
  std::int64_t first_timestamp() const { return first_timestamp_; }
  std::int64_t last_timestamp() const { return last_timestamp_; }
  double last_value() const { return std::bit_cast<double>(last_value_bits_); }
  std::size_t size_bytes() const { return 6 + (bits_.bit_count() + 7) / 8; }  // upper bound
  const std::vector<ChunkRestart>& restarts() const { return restarts_; }

  // The complete chunk: format version, sample count (LEB128), then the bit stream.
  std::vector<std::uint8_t> bytes() const;
  // The same into `out` (replacing its contents), so a reader of many in-memory chunks reuses one buffer.
  void bytes_into(std::vector<std::uint8_t>& out) const;

 private:
  BitWriter bits_;
  std::uint32_t restart_interval_ = 0;
  std::vector<ChunkRestart> restarts_;
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
  // Decodes from the restart on: next() yields sample restart.index first. A restart that does not fit the
  // chunk throws CorruptChunk.
  ChunkDecoder(std::span<const std::uint8_t> chunk, const ChunkRestart& restart);

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
