#pragma once
// Appends bit fields, most significant bit first, to a growing byte buffer (the chunk codec's output).
#include <cstdint>
#include <vector>

namespace netkeel::store {

class BitWriter {
 public:
  // Writes the low `count` bits of `bits` (count 0..64).
  void write(std::uint64_t bits, unsigned count) {
    if (count == 0) return;
    if (count < 64) bits &= (std::uint64_t{1} << count) - 1;
    const unsigned free_bits = 64 - pending_bits_;
    if (count <= free_bits) {
      if (count == 64) {
        pending_ = bits;
      } else {
        pending_ |= bits << (free_bits - count);
      }
      pending_bits_ += count;
      if (pending_bits_ == 64) flush_word();
      return;
    }
    const unsigned rest = count - free_bits;
    pending_ |= bits >> rest;
    pending_bits_ = 64;
    flush_word();
    pending_ = bits << (64 - rest);
    pending_bits_ = rest;
  }
  void write_bit(bool bit) { write(bit ? 1 : 0, 1); }

  std::uint64_t bit_count() const { return bytes_.size() * 8 + pending_bits_; }

  // The bytes written so far; the last byte is zero-padded.
  std::vector<std::uint8_t> bytes() const {
    std::vector<std::uint8_t> out;
    append_to(out);
    return out;
  }
  void append_to(std::vector<std::uint8_t>& out) const {
    out.insert(out.end(), bytes_.begin(), bytes_.end());
    for (unsigned i = 0; i < (pending_bits_ + 7) / 8; ++i) {
      out.push_back(static_cast<std::uint8_t>(pending_ >> (56 - 8 * i)));
    }
  }

 private:
  void flush_word() {
    for (int shift = 56; shift >= 0; shift -= 8) bytes_.push_back(static_cast<std::uint8_t>(pending_ >> shift));
    pending_ = 0;
    pending_bits_ = 0;
  }

  std::vector<std::uint8_t> bytes_;
  std::uint64_t pending_ = 0;  // the next bits, aligned to the top
  unsigned pending_bits_ = 0;
};

}  // namespace netkeel::store
