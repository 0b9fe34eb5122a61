#include "netkeel/store/chunk_codec.hpp"

#include <bit>
#include <limits>
#include <string>

#include "netkeel/store/leb128.hpp"

namespace netkeel::store {
namespace {

// Delta-of-delta classes: control bits, then a two's-complement field of the given width.
struct DodClass {
  std::uint64_t control;
  unsigned control_bits;
  unsigned value_bits;
};
constexpr DodClass dod_classes[] = {{0b10, 2, 14}, {0b110, 3, 17}, {0b1110, 4, 20}, {0b1111, 4, 64}};

bool fits_signed(std::int64_t v, unsigned bits) {
  if (bits >= 64) return true;
  const std::int64_t limit = std::int64_t{1} << (bits - 1);
  return v >= -limit && v < limit;
}

std::int64_t sign_extend(std::uint64_t v, unsigned bits) {
  if (bits >= 64) return static_cast<std::int64_t>(v);
  const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
  return static_cast<std::int64_t>((v ^ sign) - sign);
}

}  // namespace

bool ChunkEncoder::append(std::int64_t timestamp_ms, double value) {
  const std::uint64_t value_bits = std::bit_cast<std::uint64_t>(value);
  if (count_ == 0) {
    bits_.write(static_cast<std::uint64_t>(timestamp_ms), 64);
    bits_.write(value_bits, 64);
    first_timestamp_ = last_timestamp_ = timestamp_ms;
    last_value_bits_ = value_bits;
    count_ = 1;
    return true;
  }
  if (timestamp_ms <= last_timestamp_ || count_ == std::numeric_limits<std::uint32_t>::max()) return false;
  const std::uint64_t delta = static_cast<std::uint64_t>(timestamp_ms) - static_cast<std::uint64_t>(last_timestamp_);
  if (delta > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;

  if (restart_interval_ != 0 && count_ % restart_interval_ == 0 && bits_.bit_count() <= 0xffffffffu) {
    restarts_.push_back({count_, bits_.bit_count(), last_timestamp_, last_delta_, last_value_bits_,
                         static_cast<std::uint8_t>(window_leading_), static_cast<std::uint8_t>(window_trailing_),
                         has_window_});
  }
  // Wrapping arithmetic: the decoder repeats it exactly, and no signed overflow can occur.
  const std::int64_t dod = static_cast<std::int64_t>(delta - last_delta_);
  if (dod == 0) {
    bits_.write(0, 1);
  } else {
    for (const DodClass& c : dod_classes) {
      if (fits_signed(dod, c.value_bits)) {
        bits_.write(c.control, c.control_bits);
        bits_.write(static_cast<std::uint64_t>(dod), c.value_bits);
        break;
      }
    }
  }

  const std::uint64_t x = value_bits ^ last_value_bits_;
  if (x == 0) {
    bits_.write(0, 1);
  } else {
    unsigned leading = static_cast<unsigned>(std::countl_zero(x));
    const unsigned trailing = static_cast<unsigned>(std::countr_zero(x));
    if (leading > 31) leading = 31;  // 5 bits hold it
    if (has_window_ && leading >= window_leading_ && trailing >= window_trailing_) {
      bits_.write(0b10, 2);
      bits_.write(x >> window_trailing_, 64 - window_leading_ - window_trailing_);
    } else {
      const unsigned significant = 64 - leading - trailing;
      bits_.write(0b11, 2);
      bits_.write(leading, 5);
      bits_.write(significant == 64 ? 0 : significant, 6);
      bits_.write(x >> trailing, significant);
      window_leading_ = leading;
      window_trailing_ = trailing;
      has_window_ = true;
    }
  }

  last_timestamp_ = timestamp_ms;
  last_delta_ = delta;
  last_value_bits_ = value_bits;
  ++count_;
  return true;
}

std::vector<std::uint8_t> ChunkEncoder::bytes() const {
  std::vector<std::uint8_t> out;
  bytes_into(out);
  return out;
}

void ChunkEncoder::bytes_into(std::vector<std::uint8_t>& out) const {
  out.clear();
  out.reserve(size_bytes());
  out.push_back(chunk_format_version);
  append_leb128(out, count_);
  bits_.append_to(out);
}

namespace {

struct ChunkHeader {
  std::uint32_t count = 0;
  std::size_t size = 0;
};

ChunkHeader read_header(std::span<const std::uint8_t> chunk) {
  if (chunk.empty()) throw CorruptChunk("chunk is empty");
  if (chunk[0] != chunk_format_version) {
    throw CorruptChunk("chunk format version " + std::to_string(chunk[0]) + " is unknown (expected " +
                       std::to_string(chunk_format_version) + ")");
  }
  std::size_t i = 1;
  const Leb128Read count = read_leb128(chunk, i, 5);  // a 32-bit count takes at most 5 bytes
  if (count.status == Leb128Status::truncated) throw CorruptChunk("chunk header is truncated");
  if (count.status == Leb128Status::too_long) throw CorruptChunk("chunk sample count is too long");
  if (count.value > std::numeric_limits<std::uint32_t>::max()) {
    throw CorruptChunk("chunk sample count is too large");
  }
  return {static_cast<std::uint32_t>(count.value), i};
}

}  // namespace

ChunkDecoder::ChunkDecoder(std::span<const std::uint8_t> chunk) : bits_(std::span<const std::uint8_t>()) {
  const ChunkHeader header = read_header(chunk);
  bits_ = BitReader(chunk.subspan(header.size));
  count_ = header.count;
  // Every sample after the first needs at least 2 bits; refuse counts the bytes cannot hold.
  if (count_ > 0 && bits_.remaining_bits() < 128 + 2 * (std::uint64_t{count_} - 1)) {
    throw CorruptChunk("chunk claims " + std::to_string(count_) + " samples but holds only " +
                       std::to_string(bits_.remaining_bits()) + " bits");
  }
}

ChunkDecoder::ChunkDecoder(std::span<const std::uint8_t> chunk, const ChunkRestart& restart) : ChunkDecoder(chunk) {
  if (restart.index == 0 || restart.index >= count_ || !bits_.skip(restart.bit_offset) ||
      restart.last_delta > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
      (restart.has_window && restart.window_leading + restart.window_trailing > 63) || restart.window_leading > 31) {
    throw CorruptChunk("chunk restart at sample " + std::to_string(restart.index) + " does not fit the chunk of " +
                       std::to_string(count_) + " samples");
  }
  index_ = restart.index;
  last_timestamp_ = restart.last_timestamp;
  last_delta_ = restart.last_delta;
  last_value_bits_ = restart.last_value_bits;
  window_leading_ = restart.window_leading;
  window_trailing_ = restart.window_trailing;
  has_window_ = restart.has_window;
}

namespace {

constexpr std::size_t restart_bytes = 35;

void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_le(const std::uint8_t*& in, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(*in++) << (8 * i);
  return v;
}

}  // namespace

std::vector<std::uint8_t> encode_chunk_restarts(std::span<const ChunkRestart> restarts) {
  std::vector<std::uint8_t> out;
  out.reserve(restarts.size() * restart_bytes);
  for (const ChunkRestart& r : restarts) {
    put_le(out, r.index, 4);
    put_le(out, r.bit_offset, 4);
    put_le(out, static_cast<std::uint64_t>(r.last_timestamp), 8);
    put_le(out, r.last_delta, 8);
    put_le(out, r.last_value_bits, 8);
    out.push_back(r.window_leading);
    out.push_back(r.window_trailing);
    out.push_back(r.has_window ? 1 : 0);
  }
  return out;
}

std::vector<ChunkRestart> decode_chunk_restarts(std::span<const std::uint8_t> bytes) {
  if (bytes.size() % restart_bytes != 0) {
    throw CorruptChunk("chunk restarts are " + std::to_string(bytes.size()) + " bytes, not a multiple of " +
                       std::to_string(restart_bytes));
  }
  std::vector<ChunkRestart> restarts(bytes.size() / restart_bytes);
  const std::uint8_t* in = bytes.data();
  for (ChunkRestart& r : restarts) {
    r.index = static_cast<std::uint32_t>(get_le(in, 4));
    r.bit_offset = get_le(in, 4);
    r.last_timestamp = static_cast<std::int64_t>(get_le(in, 8));
    r.last_delta = get_le(in, 8);
    r.last_value_bits = get_le(in, 8);
    r.window_leading = *in++;
    r.window_trailing = *in++;
    r.has_window = *in++ != 0;
  }
  return restarts;
}

void ChunkDecoder::throw_truncated() const {
  throw CorruptChunk("chunk ends inside sample " + std::to_string(index_) + " of " + std::to_string(count_));
}

void ChunkDecoder::read_timestamp(Point& point) {
  std::int64_t dod = 0;
  if (read_bits(1) != 0) {
    unsigned value_bits = 14;
    if (read_bits(1) != 0) {
      value_bits = 17;
      if (read_bits(1) != 0) value_bits = read_bits(1) != 0 ? 64 : 20;
    }
    dod = sign_extend(read_bits(value_bits), value_bits);
  }
  const std::uint64_t delta = last_delta_ + static_cast<std::uint64_t>(dod);
  const auto next_timestamp = static_cast<std::int64_t>(static_cast<std::uint64_t>(last_timestamp_) + delta);
  if (delta == 0 || delta > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
      next_timestamp <= last_timestamp_) {  // with 0 < delta <= INT64_MAX, a wrap shows as a decrease
    throw CorruptChunk("chunk sample " + std::to_string(index_) + ": timestamp does not increase");
  }
  last_delta_ = delta;
  last_timestamp_ = next_timestamp;
  point.timestamp_ms = last_timestamp_;
}

void ChunkDecoder::read_value(Point& point) {
  if (read_bits(1) != 0) {
    std::uint64_t x = 0;
    if (read_bits(1) == 0) {
      if (!has_window_) throw CorruptChunk("chunk sample " + std::to_string(index_) + ": XOR window used before it is set");
      x = read_bits(64 - window_leading_ - window_trailing_) << window_trailing_;
    } else {
      const unsigned leading = static_cast<unsigned>(read_bits(5));
      unsigned significant = static_cast<unsigned>(read_bits(6));
      if (significant == 0) significant = 64;
      if (leading + significant > 64) {
        throw CorruptChunk("chunk sample " + std::to_string(index_) + ": XOR window exceeds 64 bits");
      }
      window_leading_ = leading;
      window_trailing_ = 64 - leading - significant;
      has_window_ = true;
      x = read_bits(significant) << window_trailing_;
    }
    last_value_bits_ ^= x;
  }
  point.value = std::bit_cast<double>(last_value_bits_);
}

bool ChunkDecoder::next(Point& point) {
  if (index_ == count_) {
    if (bits_.remaining_bits() >= 8 || read_bits(static_cast<unsigned>(bits_.remaining_bits())) != 0) {
      throw CorruptChunk("chunk has data after its " + std::to_string(count_) + " samples");
    }
    return false;
  }
  if (index_ == 0) {
    last_timestamp_ = static_cast<std::int64_t>(read_bits(64));
    last_value_bits_ = read_bits(64);
    point = {last_timestamp_, std::bit_cast<double>(last_value_bits_)};
  } else {
    read_timestamp(point);
    read_value(point);
  }
  ++index_;
  return true;
}

std::vector<Point> decode_chunk(std::span<const std::uint8_t> chunk) {
  ChunkDecoder decoder(chunk);
  std::vector<Point> points;
  points.reserve(decoder.count());
  Point p;
  while (decoder.next(p)) points.push_back(p);
  return points;
}

}  // namespace netkeel::store
