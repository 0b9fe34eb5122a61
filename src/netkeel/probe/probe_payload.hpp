#pragma once
// The 16 bytes every ICMP and UDP probe carries, so a reply names its probe without any state in the
// packet headers (ping sockets rewrite the ICMP id; NAT or a LAG may change ports):
//   "NKP1" | agent nonce (u32) | target id (u32) | sequence (u32), big-endian.
// The nonce tells this agent's replies from another process's.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace netkeel::probe {

inline constexpr size_t kProbePayloadSize = 16;

struct ProbePayload {
  uint32_t nonce = 0;
  uint32_t target = 0;
  uint32_t seq = 0;
  auto operator<=>(const ProbePayload&) const = default;
};

std::vector<uint8_t> encode_payload(const ProbePayload& p);
// The same bytes into `out` (at least kProbePayloadSize long), for packets built in reused buffers.
void write_payload(const ProbePayload& p, std::span<uint8_t> out);
// None unless `bytes` starts with a well-formed payload.
std::optional<ProbePayload> decode_payload(std::span<const uint8_t> bytes);

}  // namespace netkeel::probe
