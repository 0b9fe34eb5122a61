#include "netkeel/probe/udp_echo_hold.hpp"

#include <cstdint>

namespace netkeel::probe {

namespace {
constexpr uint64_t kNotFilled = ~uint64_t(0);
}  // namespace

void clear_hold(std::span<uint8_t> datagram) {
  if (datagram.size() != kUdpProbeSize) return;
  for (size_t i = kProbePayloadSize; i < kUdpProbeSize; ++i) datagram[i] = 0xff;
}

void write_hold(std::span<uint8_t> datagram, Nanoseconds held) {
  if (datagram.size() != kUdpProbeSize) return;
  const uint64_t ns = held.count() < 0 ? 0 : uint64_t(held.count());
  for (size_t i = 0; i < 8; ++i) datagram[kProbePayloadSize + i] = uint8_t(ns >> (56 - 8 * i));
}

std::optional<Nanoseconds> read_hold(std::span<const uint8_t> datagram) {
  if (datagram.size() != kUdpProbeSize) return std::nullopt;
  uint64_t ns = 0;
  for (size_t i = 0; i < 8; ++i) ns = ns << 8 | datagram[kProbePayloadSize + i];
  if (ns == kNotFilled || ns > uint64_t(INT64_MAX)) return std::nullopt;
  return Nanoseconds(int64_t(ns));
}

Nanoseconds without_hold(Nanoseconds rtt, std::optional<Nanoseconds> hold) {
  return hold && *hold < rtt ? rtt - *hold : rtt;
}

}  // namespace netkeel::probe
