#pragma once
// The one rule that turns a host id into addresses, shared by the validator (which checks that the
// rule can be applied) and the planner (which applies it):
//   subnet  = the network's cidr (layer 2) or the cidr of the host's rack (layer 3)
//   address = the host's explicit `addresses.<network>` if given, else subnet.nth(host.id)
//   gateway = the explicit gateway (per rack on layer 3); on layer 3 without one, subnet.nth(1)
// So adding or removing a host never moves another host's address.
#include <optional>

#include "netkeel/core/ipv4.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::site {

// The subnet `host` is in on `network`; nullopt when the network has no subnet for the host's rack.
std::optional<Ipv4Prefix> subnet_for(const Site& site, const Network& network, const Host& host);
std::optional<Ipv4Address> gateway_for(const Site& site, const Network& network, const Host& host);
// nullopt when the subnet is missing or the id does not fit in it.
std::optional<Ipv4Address> host_address(const Site& site, const Network& network, const Host& host);

}  // namespace netkeel::site
