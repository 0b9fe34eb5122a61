#include "netkeel/plan/deterministic_mac.hpp"

#include <fmt/format.h>

#include "netkeel/plan/sha256.hpp"

namespace netkeel::plan {

MacAddress derive_mac(std::string_view key) {
  const Sha256Digest digest = sha256(key);
  std::array<uint8_t, 6> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = digest[i];
  // Clear the multicast bit, set the locally administered bit: never clashes with a vendor OUI.
  bytes[0] = static_cast<uint8_t>((bytes[0] & 0xfc) | 0x02);
  return MacAddress(bytes);
}

std::string logical_link_mac_key(std::string_view site, std::string_view host, std::string_view link) {
  return fmt::format("{}/link/{}/{}", site, host, link);
}

std::string vip_mac_key(std::string_view site, std::string_view service, std::string_view network) {
  return fmt::format("{}/vip/{}/{}", site, service, network);
}

}  // namespace netkeel::plan
