#include "netkeel/ha/gratuitous_arp_frame.hpp"

#include <algorithm>

namespace netkeel::ha {

std::array<std::uint8_t, kGratuitousArpFrameSize> gratuitous_arp_frame(const MacAddress& mac, Ipv4Address vip) {
  std::array<std::uint8_t, kGratuitousArpFrameSize> f{};
  const auto& m = mac.bytes();
  const std::uint32_t ip = vip.value();
  const std::array<std::uint8_t, 4> ip_bytes{static_cast<std::uint8_t>(ip >> 24), static_cast<std::uint8_t>(ip >> 16),
                                             static_cast<std::uint8_t>(ip >> 8), static_cast<std::uint8_t>(ip)};
  std::fill_n(f.begin(), 6, 0xff);               // destination: broadcast
  std::copy(m.begin(), m.end(), f.begin() + 6);  // source: the VIP's MAC
  f[12] = 0x08, f[13] = 0x06;                    // EtherType ARP
  f[14] = 0x00, f[15] = 0x01;                    // hardware type Ethernet
  f[16] = 0x08, f[17] = 0x00;                    // protocol type IPv4
  f[18] = 6, f[19] = 4;                          // address lengths
  f[20] = 0x00, f[21] = 0x01;                    // opcode: request
  std::copy(m.begin(), m.end(), f.begin() + 22);                 // sender MAC
  std::copy(ip_bytes.begin(), ip_bytes.end(), f.begin() + 28);   // sender IP = VIP
  // target MAC (32..37) stays zero
  std::copy(ip_bytes.begin(), ip_bytes.end(), f.begin() + 38);   // target IP = VIP
  return f;
}

}  // namespace netkeel::ha
