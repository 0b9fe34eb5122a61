#include "netkeel/ha/vip_holder_spec.hpp"

#include <fmt/format.h>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {

VipHolderSpec vip_holder_spec(const plan::VipPlan& vip, const plan::HostPlan& host) {
  for (const auto& network : host.networks) {
    if (network.network == vip.network) {
      return VipHolderSpec{vip.service, vip.address, vip.prefix_length, vip.mac, network.interface};
    }
  }
  throw UsageError(fmt::format(
      "host {}: cannot hold the VIP {} of service {}: the host is not on network {}; give the host a NIC that "
      "carries {}, or keep the service off this host",
      host.name, vip.address.str(), vip.service, vip.network, vip.network));
}

}  // namespace netkeel::ha
