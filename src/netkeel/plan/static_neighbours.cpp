#include "netkeel/plan/static_neighbours.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace netkeel::plan {
namespace {

const HostNetworkPlan* find_network(const HostPlan& host, const std::string& network) {
  for (const auto& n : host.networks) {
    if (n.network == network) return &n;
  }
  return nullptr;
}

}  // namespace

std::optional<MacAddress> address_mac(const HostPlan& host, const std::string& network) {
  const HostNetworkPlan* n = find_network(host, network);
  if (!n) return std::nullopt;
  const LinkPlan* link = host.find_link(n->interface);
  if (!link) return std::nullopt;
  return link->mac ? link->mac : link->match_mac;
}

void plan_static_neighbours(const site::Site& site, const std::vector<VipPlan>& vips, std::vector<HostPlan>& hosts,
                            Diagnostics& diagnostics) {
  // Which hosts' MACs are unknown on which static networks: warned about once per host.
  std::vector<std::vector<std::string>> unknown_mac_networks(hosts.size());
  std::vector<std::vector<NeighbourPlan>> planned(hosts.size());
  for (size_t h = 0; h < hosts.size(); ++h) {
    for (const auto& mine : hosts[h].networks) {
      if (mine.arp != ArpMode::static_entries) continue;
      for (size_t o = 0; o < hosts.size(); ++o) {
        if (o == h) continue;
        const HostNetworkPlan* theirs = find_network(hosts[o], mine.network);
        if (!theirs || theirs->subnet != mine.subnet) continue;  // other racks are routed, not ARPed
        const auto mac = address_mac(hosts[o], mine.network);
        if (!mac) {
          auto& list = unknown_mac_networks[o];
          if (std::find(list.begin(), list.end(), mine.network) == list.end()) list.push_back(mine.network);
          continue;
        }
        planned[h].push_back({mine.interface, theirs->address, *mac, mine.network, "host " + hosts[o].name});
      }
      for (const auto& vip : vips) {
        if (vip.network != mine.network || !mine.subnet.contains(vip.address)) continue;
        planned[h].push_back({mine.interface, vip.address, vip.mac, mine.network, "vip " + vip.service});
      }
    }
  }
  for (size_t h = 0; h < hosts.size(); ++h) {
    auto& entries = planned[h];
    std::sort(entries.begin(), entries.end(), [](const NeighbourPlan& a, const NeighbourPlan& b) {
      return std::tie(a.interface, a.address) < std::tie(b.interface, b.address);
    });
    hosts[h].neighbours = std::move(entries);
    if (!unknown_mac_networks[h].empty() && h < site.hosts.size() && !site.hosts[h].nics.empty()) {
      const auto& nic = site.hosts[h].nics.front();
      diagnostics.warning(nic.marks.self,
                          fmt::format("static ARP cannot cover host {} on {}: NIC {} has no `mac`, so its peers "
                                      "resolve it by ARP",
                                      hosts[h].name, fmt::join(unknown_mac_networks[h], ", "), nic.name),
                          fmt::format("add `mac:` to NIC {} of host {}", nic.name, hosts[h].name));
    }
  }
}

}  // namespace netkeel::plan
