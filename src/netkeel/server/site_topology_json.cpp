#include "netkeel/server/site_topology_json.hpp"

#include <set>

namespace netkeel::server {

nlohmann::json site_topology_json(const site::Site& site) {
  std::set<std::string> racks;
  nlohmann::json switches = nlohmann::json::array();
  for (const site::Switch& s : site.switches) {
    racks.insert(s.rack.value_or(""));
    switches.push_back({{"name", s.name}, {"rack", s.rack.value_or("")}, {"mlag_peer", s.mlag_peer.value_or("")},
                        {"uplinks", s.uplinks}});
  }
  nlohmann::json hosts = nlohmann::json::array();
  for (const site::Host& h : site.hosts) {
    racks.insert(h.rack.value_or(""));
    nlohmann::json nics = nlohmann::json::array();
    for (const site::Nic& nic : h.nics) nics.push_back({{"name", nic.name}, {"switch", nic.switch_name}, {"port", nic.port}});
    hosts.push_back({{"name", h.name}, {"rack", h.rack.value_or("")}, {"nics", std::move(nics)}});
  }
  nlohmann::json networks = nlohmann::json::array();
  for (const site::Network& n : site.networks) networks.push_back(n.name);
  return {{"site", site.name}, {"racks", racks}, {"switches", std::move(switches)}, {"hosts", std::move(hosts)},
          {"networks", std::move(networks)}};
}

}  // namespace netkeel::server
