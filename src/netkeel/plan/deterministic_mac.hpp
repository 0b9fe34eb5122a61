#pragma once
// Deterministic, locally administered unicast MACs for what netkeel creates: bonds, VLAN interfaces
// and service VIPs. The formula (docs/planning.md):
//   bytes = first 6 bytes of SHA-256("<site>/<kind>/<owner>/<name>")
//   bytes[0] = (bytes[0] & 0xfc) | 0x02        (unicast, locally administered)
// kind is "link" (owner = host, name = interface) or "vip" (owner = service, name = network).
// Only names go in, so adding or removing a host or service never moves anyone else's MAC.
#include <string>
#include <string_view>

#include "netkeel/core/mac_address.hpp"

namespace netkeel::plan {

MacAddress derive_mac(std::string_view key);
std::string logical_link_mac_key(std::string_view site, std::string_view host, std::string_view link);
std::string vip_mac_key(std::string_view site, std::string_view service, std::string_view network);

inline MacAddress logical_link_mac(std::string_view site, std::string_view host, std::string_view link) {
  return derive_mac(logical_link_mac_key(site, host, link));
}
inline MacAddress vip_mac(std::string_view site, std::string_view service, std::string_view network) {
  return derive_mac(vip_mac_key(site, service, network));
}

}  // namespace netkeel::plan
