#include "netkeel/probe/probe_payload.hpp"

namespace netkeel::probe {

namespace {
void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}
uint32_t get32(std::span<const uint8_t> b, size_t at) {
  return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 | uint32_t(b[at + 3]);
}
}  // namespace

std::vector<uint8_t> encode_payload(const ProbePayload& p) {
  std::vector<uint8_t> out{'N', 'K', 'P', '1'};
  put32(out, p.nonce);
  put32(out, p.target);
  put32(out, p.seq);
  return out;
}

std::optional<ProbePayload> decode_payload(std::span<const uint8_t> b) {
  if (b.size() < kProbePayloadSize || b[0] != 'N' || b[1] != 'K' || b[2] != 'P' || b[3] != '1') return std::nullopt;
  return ProbePayload{get32(b, 4), get32(b, 8), get32(b, 12)};
}

}  // namespace netkeel::probe
