#pragma once
// A VIP per service (docs/planning.md, "VIPs"):
//   explicit service.vip wins; otherwise a stable pick from the network's `vips` range:
//   home slot = (first 8 bytes of SHA-256(service name), big-endian) mod range size
//   1. every service whose home slot is free (not an explicit VIP, host address or gateway) and
//      wanted by no other service gets it;
//   2. a home slot wanted by several services goes to the one whose name sorts first;
//   3. the others probe forward (wrapping) from their home to the next slot that is free and is
//      no service's home, in (home slot, name) order.
// So the result never depends on the order of services in the file. Adding a service never moves a
// service that sits on its own home slot, unless the newcomer has the same home slot and a name
// that sorts first; services that had to probe (their home slot was taken) may shift among
// themselves. Pin a VIP with `vip:` when even that matters.
// A service without `vip:` on a network without `vips` gets no VIP and a warning (Ceph monitors and
// clustered brokers are reached at each member's address); an exhausted range is an error.
#include <optional>
#include <vector>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/core/ipv4.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

// The home slot of a service in a range of `range_size` addresses.
uint64_t vip_home_slot(const std::string& service, uint64_t range_size);

// result[i] is the VIP of site.services[i] (nullopt after an error, reported in `diagnostics`).
// `taken[n]` lists addresses already owned on site.networks[n] (hosts, gateways); never picked.
std::vector<std::optional<Ipv4Address>> allocate_vips(const site::Site& site,
                                                      const std::vector<std::vector<Ipv4Address>>& taken,
                                                      Diagnostics& diagnostics);

}  // namespace netkeel::plan
