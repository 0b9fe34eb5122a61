#include "netkeel/core/speed.hpp"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace netkeel {
namespace {

// The rates IEEE 802.3 defines for Ethernet ports; a link runs at one of these or not at all.
constexpr uint64_t kEthernetSpeedsMbps[] = {10,    100,   1000,   2500,   5000,   10000,  25000,
                                            40000, 50000, 100000, 200000, 400000, 800000};

bool is_ethernet_speed(uint64_t mbps) {
  for (uint64_t speed : kEthernetSpeedsMbps) {
    if (speed == mbps) return true;
  }
  return false;
}

}  // namespace

std::string ethernet_speeds_text() {
  std::string text;
  for (uint64_t speed : kEthernetSpeedsMbps) text += (text.empty() ? "" : ", ") + format_speed(speed);
  return text;
}

std::optional<uint64_t> parse_speed_mbps(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  uint64_t scale = unit == 'M' ? 1 : unit == 'G' ? 1000 : unit == 'T' ? 1000000 : 0;
  if (scale == 0) return std::nullopt;
  std::string_view number = text.substr(0, text.size() - 1);
  // Allow one decimal place for 2.5G / 0.1G style speeds.
  auto dot = number.find('.');
  uint64_t whole = 0, tenths = 0;
  auto parse = [](std::string_view s, uint64_t& out) {
    if (s.empty() || s.size() > 7) return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && end == s.data() + s.size();
  };
  if (dot == std::string_view::npos) {
    if (!parse(number, whole)) return std::nullopt;
  } else {
    if (!parse(number.substr(0, dot), whole) || number.size() - dot != 2 || !parse(number.substr(dot + 1), tenths))
      return std::nullopt;
  }
  uint64_t mbps = whole * scale + tenths * scale / 10;
  if (!is_ethernet_speed(mbps)) return std::nullopt;
  return mbps;
}

std::string format_speed(uint64_t mbps) {
  if (mbps >= 1000 && mbps % 1000 == 0) return fmt::format("{}G", mbps / 1000);
  if (mbps >= 1000 && mbps % 100 == 0) return fmt::format("{}.{}G", mbps / 1000, mbps % 1000 / 100);
  return fmt::format("{}M", mbps);
}

}  // namespace netkeel
