#pragma once
// Reads bit fields, most significant bit first, from bytes that may be hostile: reading past the end
// is reported, never undefined.
#include <bit>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <span>

namespace netkeel::store {

class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  // Reads `count` bits (0..64) into `out`; false (and `out` untouched) when fewer remain.
  // Always inlined (the chunk decoder's hot path), hence not recursive.
  [[gnu::always_inline]] bool read(unsigned count, std::uint64_t& out) {
    if (count > remaining_bits()) return false;
    if (count > 56) {  // a 64-bit window holds at most 57 bits past any bit offset: split
      const std::uint64_t high = read_at_most_56(count - 32);
      out = (high << 32) | read_at_most_56(32);
      return true;
    }
    out = read_at_most_56(count);
    return true;
  }
  bool read_bit(bool& bit) {
    std::uint64_t v = 0;
    if (!read(1, v)) return false;
    bit = v != 0;
    return true;
  }

  std::uint64_t remaining_bits() const { return bytes_.size() * 8 - position_; }
  // Moves `count` bits ahead; false (and no move) when fewer remain.
  bool skip(std::uint64_t count) {
    if (count > remaining_bits()) return false;
    position_ += count;
    return true;
  }

 private:
  // `count` (0..56) bits that are known to remain.
  [[gnu::always_inline]] std::uint64_t read_at_most_56(unsigned count) {
    if (count == 0) return 0;
    const std::size_t byte = position_ / 8;
    std::uint64_t word = 0;
    if (byte + 8 <= bytes_.size()) {
      std::memcpy(&word, bytes_.data() + byte, 8);  // one unaligned load...
      if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);  // ...big-endian
    } else {  // near the end: pad with zero bytes
      for (std::size_t i = 0; i < 8; ++i) word = (word << 8) | (byte + i < bytes_.size() ? bytes_[byte + i] : 0);
    }
    const std::uint64_t out = (word << (position_ % 8)) >> (64 - count);
    position_ += count;
    return out;
  }

  std::span<const std::uint8_t> bytes_;
  std::uint64_t position_ = 0;
};

}  // namespace netkeel::store
