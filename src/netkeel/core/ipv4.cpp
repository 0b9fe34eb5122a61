#include "netkeel/core/ipv4.hpp"

#include <charconv>

#include <fmt/format.h>

namespace netkeel {
namespace {

std::optional<uint32_t> parse_decimal(std::string_view text, uint32_t max) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  if (text.size() > 1 && text[0] == '0') return std::nullopt;  // "010" is octal to some tools
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v > max) return std::nullopt;
  return v;
}

}  // namespace

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    auto dot = text.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
    auto octet = parse_decimal(text.substr(0, dot), 255);
    if (!octet) return std::nullopt;
    value = (value << 8) | *octet;
    text = i < 3 ? text.substr(dot + 1) : std::string_view{};
  }
  return Ipv4Address(value);
}

std::string Ipv4Address::str() const {
  return fmt::format("{}.{}.{}.{}", value_ >> 24, (value_ >> 16) & 255, (value_ >> 8) & 255, value_ & 255);
}

std::optional<Ipv4Prefix> Ipv4Prefix::parse(std::string_view text, bool require_network) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto address = Ipv4Address::parse(text.substr(0, slash));
  auto length = parse_decimal(text.substr(slash + 1), 32);
  if (!address || !length) return std::nullopt;
  Ipv4Prefix prefix(*address, static_cast<int>(*length));
  if (require_network && prefix.network() != *address) return std::nullopt;
  return prefix;
}

uint64_t Ipv4Prefix::usable_hosts() const {
  uint64_t total = uint64_t{1} << (32 - length_);
  return length_ >= 31 ? total : total - 2;
}

std::optional<Ipv4Address> Ipv4Prefix::nth(uint64_t n) const {
  uint64_t total = uint64_t{1} << (32 - length_);
  if (n >= total) return std::nullopt;
  return Ipv4Address(network().value() + static_cast<uint32_t>(n));
}

std::string Ipv4Prefix::str() const { return fmt::format("{}/{}", network().str(), length_); }

std::optional<Ipv4Range> Ipv4Range::parse(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto first = Ipv4Address::parse(text.substr(0, dash));
  auto last = Ipv4Address::parse(text.substr(dash + 1));
  if (!first || !last || *last < *first) return std::nullopt;
  return Ipv4Range{*first, *last};
}

std::string Ipv4Range::str() const { return first.str() + "-" + last.str(); }

}  // namespace netkeel
