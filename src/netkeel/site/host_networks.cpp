#include "netkeel/site/host_networks.hpp"

#include <algorithm>
#include <set>

namespace netkeel::site {

std::vector<const Network*> networks_carried_by(const Site& site, const Nic& nic) {
  std::vector<const Network*> out;
  const bool carries_all = nic.mode == NicMode::trunk && nic.networks.empty();
  const std::set<std::string> listed(nic.networks.begin(), nic.networks.end());
  for (const auto& network : site.networks) {
    if (carries_all || listed.count(network.name)) out.push_back(&network);
  }
  return out;
}

std::vector<const Network*> networks_carried_by(const Site& site, const Host& host) {
  std::set<const Network*> carried;
  for (const auto& nic : host.nics) {
    for (const Network* network : networks_carried_by(site, nic)) carried.insert(network);
  }
  std::vector<const Network*> out;
  for (const auto& network : site.networks) {
    if (carried.count(&network)) out.push_back(&network);
  }
  return out;
}

}  // namespace netkeel::site
