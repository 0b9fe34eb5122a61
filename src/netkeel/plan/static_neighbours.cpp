#include "netkeel/plan/static_neighbours.hpp"

#include <algorithm>
#include <map>
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

// Someone a static entry can point at on one network: a host address or a VIP.
struct Peer {
  Ipv4Address address;
  Ipv4Prefix subnet;               // hosts: their subnet; VIPs: unused (matched by containment)
  MacAddress mac;
  size_t host = SIZE_MAX;          // index into hosts; SIZE_MAX for a VIP
  std::string owner;               // "host node2" / "vip keystone"
};

bool before(const NeighbourPlan& a, const NeighbourPlan& b) {
  return std::tie(a.interface, a.address) < std::tie(b.interface, b.address);
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
  // Every host's address and MAC per network, computed once: the pairwise loop below is O(hosts^2).
  std::map<std::string, std::vector<Peer>> peers;  // network -> host peers, then VIPs, each sorted by address
  std::vector<std::vector<std::string>> unknown_mac_networks(hosts.size());
  for (size_t h = 0; h < hosts.size(); ++h) {
    for (const auto& n : hosts[h].networks) {
      if (n.arp != ArpMode::static_entries) continue;
      const auto mac = address_mac(hosts[h], n.network);
      if (!mac) {
        unknown_mac_networks[h].push_back(n.network);
        continue;
      }
      peers[n.network].push_back({n.address, n.subnet, *mac, h, "host " + hosts[h].name});
    }
  }
  for (const auto& vip : vips) {
    peers[vip.network].push_back({vip.address, Ipv4Prefix(vip.address, 32), vip.mac, SIZE_MAX, "vip " + vip.service});
  }
  for (auto& [network, list] : peers) {
    std::stable_sort(list.begin(), list.end(), [](const Peer& a, const Peer& b) { return a.address < b.address; });
  }

  for (size_t h = 0; h < hosts.size(); ++h) {
    // Networks in interface order, so entries come out sorted by (interface, address).
    std::vector<const HostNetworkPlan*> mine;
    for (const auto& n : hosts[h].networks) {
      if (n.arp == ArpMode::static_entries) mine.push_back(&n);
    }
    std::stable_sort(mine.begin(), mine.end(),
                     [](const HostNetworkPlan* a, const HostNetworkPlan* b) { return a->interface < b->interface; });
    std::vector<NeighbourPlan> entries;
    size_t most = 0;
    for (const HostNetworkPlan* n : mine) {
      if (auto it = peers.find(n->network); it != peers.end()) most += it->second.size();
    }
    entries.reserve(most);  // one allocation: at 1,000 hosts this list dominates the plan's size
    for (const HostNetworkPlan* n : mine) {
      auto it = peers.find(n->network);
      if (it == peers.end()) continue;
      for (const Peer& peer : it->second) {
        const bool is_vip = peer.host == SIZE_MAX;
        if (peer.host == h) continue;
        // Other racks' hosts are routed, not ARPed; VIPs outside the subnet (layer 3) likewise.
        if (is_vip ? !n->subnet.contains(peer.address) : peer.subnet != n->subnet) continue;
        entries.push_back({n->interface, peer.address, peer.mac, n->network, peer.owner});
      }
    }
    // Two networks on one interface (untagged segment) interleave by address.
    if (!std::is_sorted(entries.begin(), entries.end(), before)) std::stable_sort(entries.begin(), entries.end(), before);
    hosts[h].neighbours = std::move(entries);
  }

  for (size_t h = 0; h < hosts.size() && h < site.hosts.size(); ++h) {
    if (unknown_mac_networks[h].empty() || site.hosts[h].nics.empty() || hosts.size() < 2) continue;
    const auto& nic = site.hosts[h].nics.front();
    diagnostics.warning(nic.marks.self,
                        fmt::format("static ARP cannot cover host {} on {}: NIC {} has no `mac`, so its peers "
                                    "resolve it by ARP",
                                    hosts[h].name, fmt::join(unknown_mac_networks[h], ", "), nic.name),
                        fmt::format("add `mac:` to NIC {} of host {}", nic.name, hosts[h].name));
  }
}

}  // namespace netkeel::plan
