#include "netkeel/probe/probe_payload.hpp"

namespace netkeel::probe {

namespace {
void put32(std::span<uint8_t> out, size_t at, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out[at++] = uint8_t(v >> shift);
}
uint32_t get32(std::span<const uint8_t> b, size_t at) {
  return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 | uint32_t(b[at + 3]);
}
}  // namespace

std::vector<uint8_t> encode_payload(const ProbePayload& p) {
  std::vector<uint8_t> out(kProbePayloadSize);
  write_payload(p, out);
  return out;
}

void write_payload(const ProbePayload& p, std::span<uint8_t> out) {
  out[0] = 'N';
  out[1] = 'K';
  out[2] = 'P';
  out[3] = '1';
  put32(out, 4, p.nonce);
  put32(out, 8, p.target);
  put32(out, 12, p.seq);
}

std::optional<ProbePayload> decode_payload(std::span<const uint8_t> b) {
  if (b.size() < kProbePayloadSize || b[0] != 'N' || b[1] != 'K' || b[2] != 'P' || b[3] != '1') return std::nullopt;
  return ProbePayload{get32(b, 4), get32(b, 8), get32(b, 12)};
}

}  // namespace netkeel::probe
