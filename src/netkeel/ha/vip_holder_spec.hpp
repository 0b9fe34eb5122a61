#pragma once
// What a host needs to hold one service's VIP: the address and planned MAC (from the plan's VipPlan) and
// the interface of this host that carries the VIP's network (from the host's plan), which becomes the
// parent of the VIP's own device.
#include <string>

#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::ha {

struct VipHolderSpec {
  std::string service;
  Ipv4Address address;
  int prefix_length = 32;
  MacAddress mac;          // the planned deterministic MAC; the VIP's device carries it
  std::string parent;      // this host's interface on the VIP's network ("bond0.20", "eno1")
};

// Throws UsageError naming the host, service and network when the host is not on the VIP's network
// (the site lets the service run on a host that cannot carry its VIP: fix the service or the host's NICs).
VipHolderSpec vip_holder_spec(const plan::VipPlan& vip, const plan::HostPlan& host);

}  // namespace netkeel::ha
