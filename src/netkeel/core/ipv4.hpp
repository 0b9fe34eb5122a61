#pragma once
// IPv4 addresses, prefixes and ranges: the address vocabulary of every module.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkeel {

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  constexpr explicit Ipv4Address(uint32_t host_order) : value_(host_order) {}
  // Strict dotted quad: four decimal octets 0-255, no leading zeros beyond "0", nothing else.
  static std::optional<Ipv4Address> parse(std::string_view text);
  constexpr uint32_t value() const { return value_; }
  std::string str() const;
  auto operator<=>(const Ipv4Address&) const = default;

 private:
  uint32_t value_ = 0;
};

class Ipv4Prefix {
 public:
  constexpr Ipv4Prefix() = default;
  // The address is kept as written; network() masks it.
  constexpr Ipv4Prefix(Ipv4Address address, int length) : address_(address), length_(length) {}
  // "A.B.C.D/N"; the host bits must be zero when `require_network` is set.
  static std::optional<Ipv4Prefix> parse(std::string_view text, bool require_network = true);
  Ipv4Address address() const { return address_; }
  int length() const { return length_; }
  uint32_t mask() const { return length_ == 0 ? 0 : ~uint32_t{0} << (32 - length_); }
  Ipv4Address network() const { return Ipv4Address(address_.value() & mask()); }
  Ipv4Address broadcast() const { return Ipv4Address(network().value() | ~mask()); }
  bool contains(Ipv4Address a) const { return (a.value() & mask()) == network().value(); }
  bool overlaps(const Ipv4Prefix& o) const { return contains(o.network()) || o.contains(network()); }
  // Number of addresses a host may use (excludes network and broadcast for /0-/30).
  uint64_t usable_hosts() const;
  // The n-th address of the subnet (n = 0 is the network address); nullopt past the broadcast.
  std::optional<Ipv4Address> nth(uint64_t n) const;
  std::string str() const;  // network()/length
  auto operator<=>(const Ipv4Prefix&) const = default;

 private:
  Ipv4Address address_;
  int length_ = 0;
};

// An inclusive range "A-B" of addresses (VIP pools).
struct Ipv4Range {
  Ipv4Address first;
  Ipv4Address last;
  static std::optional<Ipv4Range> parse(std::string_view text);
  bool contains(Ipv4Address a) const { return first <= a && a <= last; }
  uint64_t size() const { return uint64_t{last.value()} - first.value() + 1; }
  std::string str() const;
  auto operator<=>(const Ipv4Range&) const = default;
};

}  // namespace netkeel
