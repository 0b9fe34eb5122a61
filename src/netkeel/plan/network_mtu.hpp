#pragma once
// MTU per network (docs/planning.md, "MTU"):
//   mtu        = network.mtu, default min(1500, fabric.mtu); never above fabric.mtu
//   tenant mtu = mtu - 42 for GRE over IPv4 (20 outer IP + 4 GRE + 4 key + 14 inner Ethernet),
//                mtu - 50 for VXLAN (20 IP + 8 UDP + 8 VXLAN + 14 inner Ethernet); none otherwise.
#include <optional>

#include "netkeel/site/site.hpp"

namespace netkeel::plan {

inline constexpr int kGreOverheadBytes = 42;
inline constexpr int kVxlanOverheadBytes = 50;
inline constexpr int kStandardMtu = 1500;

int network_mtu(const site::Fabric& fabric, const site::Network& network);
std::optional<int> tenant_mtu(site::Encapsulation encapsulation, int mtu);

}  // namespace netkeel::plan
