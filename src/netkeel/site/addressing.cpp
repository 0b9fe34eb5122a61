#include "netkeel/site/addressing.hpp"

namespace netkeel::site {

std::optional<Ipv4Prefix> subnet_for(const Site& site, const Network& network, const Host& host) {
  if (site.fabric.layer == 3 && !network.rack_cidrs.empty()) {
    if (!host.rack) return std::nullopt;
    auto it = network.rack_cidrs.find(*host.rack);
    if (it == network.rack_cidrs.end()) return std::nullopt;
    return it->second;
  }
  return network.cidr;
}

std::optional<Ipv4Address> gateway_for(const Site& site, const Network& network, const Host& host) {
  if (site.fabric.layer == 3 && !network.rack_cidrs.empty()) {
    if (host.rack) {
      auto it = network.rack_gateways.find(*host.rack);
      if (it != network.rack_gateways.end()) return it->second;
    }
    auto subnet = subnet_for(site, network, host);
    if (!subnet) return std::nullopt;
    return subnet->nth(1);
  }
  return network.gateway;
}

std::optional<Ipv4Address> host_address(const Site& site, const Network& network, const Host& host) {
  auto explicit_address = host.addresses.find(network.name);
  if (explicit_address != host.addresses.end()) return explicit_address->second;
  auto subnet = subnet_for(site, network, host);
  if (!subnet || host.id == 0 || host.id > subnet->usable_hosts()) return std::nullopt;
  return subnet->nth(host.id);
}

}  // namespace netkeel::site
