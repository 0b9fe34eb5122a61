#pragma once
// 48-bit Ethernet MAC addresses.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkeel {

class MacAddress {
 public:
  constexpr MacAddress() = default;
  constexpr explicit MacAddress(std::array<uint8_t, 6> bytes) : bytes_(bytes) {}
  // "aa:bb:cc:dd:ee:ff" (or with '-'), case-insensitive, exactly six two-digit groups.
  static std::optional<MacAddress> parse(std::string_view text);
  const std::array<uint8_t, 6>& bytes() const { return bytes_; }
  bool is_multicast() const { return bytes_[0] & 0x01; }
  bool is_locally_administered() const { return bytes_[0] & 0x02; }
  bool is_zero() const { return bytes_ == std::array<uint8_t, 6>{}; }
  std::string str() const;  // lower case, colon separated
  auto operator<=>(const MacAddress&) const = default;

 private:
  std::array<uint8_t, 6> bytes_{};
};

}  // namespace netkeel
