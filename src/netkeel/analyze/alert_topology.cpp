#include "netkeel/analyze/alert_topology.hpp"

#include <algorithm>
#include <set>

namespace netkeel::analyze {

const TopologyHost* AlertTopology::find_host(const std::string& name) const {
  for (const TopologyHost& host : hosts) {
    if (host.name == name) return &host;
  }
  return nullptr;
}

const CabledNic* AlertTopology::find_nic(const std::string& host, const std::string& nic) const {
  const TopologyHost* found = find_host(host);
  if (found == nullptr) return nullptr;
  for (const CabledNic& cabled : found->nics) {
    if (cabled.nic == nic) return &cabled;
  }
  return nullptr;
}

std::vector<std::string> AlertTopology::hosts_only_on(const std::string& switch_name) const {
  std::vector<std::string> out;
  for (const TopologyHost& host : hosts) {
    if (host.nics.empty()) continue;
    if (std::all_of(host.nics.begin(), host.nics.end(),
                    [&](const CabledNic& nic) { return nic.switch_name == switch_name; })) {
      out.push_back(host.name);
    }
  }
  return out;
}

std::vector<std::string> AlertTopology::switches() const {
  std::set<std::string> names;
  for (const TopologyHost& host : hosts) {
    for (const CabledNic& nic : host.nics) names.insert(nic.switch_name);
  }
  return {names.begin(), names.end()};
}

AlertTopology alert_topology_from_site(const site::Site& site) {
  AlertTopology topology;
  for (const site::Host& host : site.hosts) {
    TopologyHost out{host.name, {}};
    for (const site::Nic& nic : host.nics) out.nics.push_back({nic.name, nic.switch_name, nic.port});
    topology.hosts.push_back(std::move(out));
  }
  topology.probe_paths = std::make_shared<const SiteProbePaths>(probe_paths_by_network(site));
  return topology;
}

}  // namespace netkeel::analyze
