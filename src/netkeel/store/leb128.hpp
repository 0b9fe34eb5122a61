#pragma once
// Unsigned LEB128, the variable-length integer of every byte format the store writes (chunk headers,
// stored labels, the head log, ClickHouse RowBinary): 7 bits a byte, low bits first, the top bit set on
// every byte but the last. Small numbers (lengths, counts, deltas) take one byte.
#include <cstddef>
#include <cstdint>
#include <span>

namespace netkeel::store {

// Appends `value` to a byte container (std::vector<std::uint8_t> or std::string).
template <typename Bytes>
void append_leb128(Bytes& out, std::uint64_t value) {
  using Byte = typename Bytes::value_type;
  while (value >= 0x80) {
    out.push_back(static_cast<Byte>(static_cast<std::uint8_t>(value) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<Byte>(value));
}

// What reading one number found; each format words its own error from it.
enum class Leb128Status { ok, truncated, too_long };

struct Leb128Read {
  Leb128Status status = Leb128Status::ok;
  std::uint64_t value = 0;
};

// Reads one number at `offset` and, when it is whole, moves `offset` past it (otherwise `offset` stays).
// `max_bytes` bounds the encoding (10 holds any 64-bit number; a format whose numbers are smaller says so,
// and a longer run of continuation bytes is `too_long` rather than a silently wrapped value).
inline Leb128Read read_leb128(std::span<const std::uint8_t> bytes, std::size_t& offset, unsigned max_bytes = 10) {
  std::uint64_t value = 0;
  std::size_t at = offset;
  for (unsigned n = 0; n < max_bytes; ++n) {
    if (at >= bytes.size()) return {Leb128Status::truncated, 0};
    const std::uint8_t byte = bytes[at++];
    if (7 * n < 64) value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * n);
    if ((byte & 0x80) == 0) {
      offset = at;
      return {Leb128Status::ok, value};
    }
  }
  return {Leb128Status::too_long, 0};
}

}  // namespace netkeel::store
