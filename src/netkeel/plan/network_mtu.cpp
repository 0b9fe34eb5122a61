#include "netkeel/plan/network_mtu.hpp"

#include <algorithm>

namespace netkeel::plan {

int network_mtu(const site::Fabric& fabric, const site::Network& network) {
  const int wanted = network.mtu.value_or(std::min(kStandardMtu, fabric.mtu));
  return std::min(wanted, fabric.mtu);  // the validator rejects more; never plan frames the fabric drops
}

std::optional<int> tenant_mtu(site::Encapsulation encapsulation, int mtu) {
  switch (encapsulation) {
    case site::Encapsulation::none: return std::nullopt;
    case site::Encapsulation::gre: return mtu - kGreOverheadBytes;
    case site::Encapsulation::vxlan: return mtu - kVxlanOverheadBytes;
  }
  return std::nullopt;
}

}  // namespace netkeel::plan
