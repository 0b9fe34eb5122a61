#include "netkeel/plan/plan_warnings.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include <fmt/format.h>

#include "netkeel/core/speed.hpp"
#include "netkeel/plan/bond_mode.hpp"
#include "netkeel/plan/link_layout.hpp"
#include "netkeel/plan/network_mtu.hpp"

namespace netkeel::plan {
namespace {

constexpr size_t kNamesListed = 6;

std::string name_list(const std::vector<std::string>& names) {
  if (names.size() <= kNamesListed) return fmt::format("{}", fmt::join(names, ", "));
  std::vector<std::string> head(names.begin(), names.begin() + kNamesListed);
  return fmt::format("{} and {} more", fmt::join(head, ", "), names.size() - kNamesListed);
}

uint64_t nic_speed(const site::Site& site, const site::Nic& nic) {
  if (nic.speed_mbps) return *nic.speed_mbps;
  const site::Switch* sw = site.find_switch(nic.switch_name);
  return sw ? sw->port_speed_mbps : 0;
}

int switch_mtu(const site::Site& site, const site::Switch& sw) { return sw.mtu.value_or(site.fabric.mtu); }

bool contains_word(const std::string& name, const char* word) { return name.find(word) != std::string::npos; }

void warn_slow_bulk_ports(const site::Site& site, Diagnostics& out) {
  for (const auto& network : site.networks) {
    if (!is_bulk_traffic_network(network)) continue;
    std::vector<std::string> hosts;
    uint64_t slowest = 0;
    for (const auto& host : site.hosts) {
      for (const auto& nic : host.nics) {
        const uint64_t speed = nic_speed(site, nic);
        if (nic_carries_network(site, nic, network.name) && speed > 0 && speed <= kSlowPortMbps) {
          hosts.push_back(host.name);
          slowest = slowest == 0 ? speed : std::min(slowest, speed);
          break;
        }
      }
    }
    if (hosts.empty()) continue;
    out.warning(network.marks.self,
                fmt::format("{} traffic of network {} runs on {} ports on {}", network.encapsulation != site::Encapsulation::none || contains_word(network.name, "tunnel") ? "tunnel" : "storage",
                            network.name, format_speed(slowest), name_list(hosts)),
                "move it to 10G or faster ports; on 1G a single VM's disk or tunnel traffic can fill the link");
  }
}

void warn_redundancy(const site::Site& site, Diagnostics& out) {
  for (const auto& host : site.hosts) {
    if (host.nics.size() == 1) {
      out.warning(host.marks.of("nics"),
                  fmt::format("host {} has one NIC ({}): no link redundancy; a cable, NIC or switch-port failure "
                              "cuts it off",
                              host.name, host.nics.front().name),
                  "cable a second NIC, ideally to a second switch (MLAG peer) for 802.3ad");
      continue;
    }
    if (host.nics.size() < 2) continue;
    const bool one_switch = std::all_of(host.nics.begin(), host.nics.end(), [&](const site::Nic& n) {
      return n.switch_name == host.nics.front().switch_name;
    });
    if (one_switch) {
      out.warning(host.marks.of("nics"),
                  fmt::format("all NICs of host {} go to switch {}: no physical HA; a reboot of {} cuts the host off",
                              host.name, host.nics.front().switch_name, host.nics.front().switch_name),
                  "cable the second NIC to a second switch; with an MLAG pair the bond stays 802.3ad");
    }
    // NIC speeds within the bond
    const uint64_t first_speed = nic_speed(site, host.nics.front());
    for (const auto& nic : host.nics) {
      const uint64_t speed = nic_speed(site, nic);
      if (speed != first_speed) {
        out.warning(nic.marks.of(nic.marks.has("speed") ? "speed" : "switch"),
                    fmt::format("bond {} of host {} mixes NIC speeds: {} is {}, {} is {}", host.bond.name, host.name,
                                host.nics.front().name, format_speed(first_speed), nic.name, format_speed(speed)),
                    "use NICs of one speed in a bond: 802.3ad aggregates only equal-speed links, and an "
                    "active-backup failover would change the bandwidth");
        break;
      }
    }
  }
}

void warn_mtus(const site::Site& site, const ClusterPlan& plan, Diagnostics& out) {
  for (size_t n = 0; n < site.networks.size() && n < plan.networks.size(); ++n) {
    const site::Network& network = site.networks[n];
    const NetworkPlan& planned = plan.networks[n];
    // Switches this network reaches through host NICs, in first-seen order.
    std::vector<std::string> too_small;
    int smallest = planned.mtu;
    for (const auto& host : site.hosts) {
      for (const auto& nic : host.nics) {
        const site::Switch* sw = site.find_switch(nic.switch_name);
        if (!sw || !nic_carries_network(site, nic, network.name) || switch_mtu(site, *sw) >= planned.mtu) continue;
        if (std::find(too_small.begin(), too_small.end(), sw->name) == too_small.end()) too_small.push_back(sw->name);
        smallest = std::min(smallest, switch_mtu(site, *sw));
      }
    }
    if (!too_small.empty()) {
      out.warning(network.marks.of("mtu"),
                  fmt::format("network {} uses MTU {}, but the ports of {} carry only {}: larger frames are dropped",
                              network.name, planned.mtu, name_list(too_small), smallest),
                  fmt::format("raise the switch MTU (switches[].mtu), or set network {} to mtu: {}", network.name,
                              smallest));
    }
    if (planned.tenant_mtu && *planned.tenant_mtu < kStandardMtu) {
      out.warning(network.marks.of(network.marks.has("mtu") ? "mtu" : "encapsulation"),
                  fmt::format("tunnel network {} ({} over MTU {}) leaves tenants an MTU of {}, below 1500: guests "
                              "must lower theirs or fragment",
                              network.name, site::to_string(network.encapsulation), planned.mtu, *planned.tenant_mtu),
                  fmt::format("carry jumbo frames end to end and set network {} to mtu: {} or more", network.name,
                              kStandardMtu + (planned.mtu - *planned.tenant_mtu)));
    }
  }
  // Untagged networks with different MTUs on one interface: the interface takes the largest.
  for (size_t h = 0; h < plan.hosts.size() && h < site.hosts.size(); ++h) {
    for (const auto& link : plan.hosts[h].links) {
      std::set<int> mtus;
      for (const auto& name : link.networks) {
        if (const NetworkPlan* np = plan.find_network(name); np && link.kind != LinkKind::vlan) mtus.insert(np->mtu);
      }
      if (mtus.size() > 1) {
        out.warning(site.hosts[h].marks.of("nics"),
                    fmt::format("host {}: untagged networks {} share {} with different MTUs; {} uses {}",
                                site.hosts[h].name, fmt::join(link.networks, ", "), link.name, link.name,
                                *mtus.rbegin()),
                    "give networks that share an untagged segment the same mtu, or put them on their own VLANs");
      }
    }
  }
}

// Switches that reach each other over uplinks or MLAG peer links, as an undirected graph.
bool switches_connected(const site::Site& site, const std::string& from, const std::string& to) {
  std::set<std::string> seen{from};
  std::deque<std::string> queue{from};
  while (!queue.empty()) {
    const std::string current = queue.front();
    queue.pop_front();
    if (current == to) return true;
    for (const auto& sw : site.switches) {
      bool adjacent = false;
      if (sw.name == current) {
        for (const auto& up : sw.uplinks) {
          if (seen.insert(up).second) queue.push_back(up);
        }
        if (sw.mlag_peer && seen.insert(*sw.mlag_peer).second) queue.push_back(*sw.mlag_peer);
        continue;
      }
      adjacent = std::find(sw.uplinks.begin(), sw.uplinks.end(), current) != sw.uplinks.end() || sw.mlag_peer == current;
      if (adjacent && seen.insert(sw.name).second) queue.push_back(sw.name);
    }
  }
  return false;
}

void warn_disconnected_backup_paths(const site::Site& site, const ClusterPlan& plan, Diagnostics& out) {
  std::set<std::pair<std::string, std::string>> reported;
  for (size_t h = 0; h < plan.hosts.size() && h < site.hosts.size(); ++h) {
    const site::Host& host = site.hosts[h];
    const LinkPlan* bond = plan.hosts[h].find_link(host.bond.name);
    if (!bond || !bond->bond || bond->bond->mode != BondMode::active_backup) continue;
    for (const auto& nic : host.nics) {
      const std::string& a = host.nics.front().switch_name;
      const std::string& b = nic.switch_name;
      if (a == b || reported.count({a, b}) || switches_connected(site, a, b)) continue;
      reported.insert({a, b});
      out.warning(nic.marks.of("switch"),
                  fmt::format("switches {} and {} have no uplink or MLAG path between them: hosts whose active bond "
                              "member differs cannot reach each other (first seen on host {})",
                              a, b, host.name),
                  fmt::format("connect {} and {} (uplinks:), or cable every host's NICs the same way", a, b));
    }
  }
}

void warn_leaves_without_asn(const site::Site& site, const ClusterPlan& plan, Diagnostics& out) {
  std::set<std::string> reported;
  for (const auto& a : plan.bgp) {
    if (a.leaf_asn || !reported.insert(a.leaf).second) continue;
    const site::Switch* sw = site.find_switch(a.leaf);
    out.warning(sw ? sw->marks.self : site.marks.self,
                fmt::format("leaf {} has no `asn`: VIP announcements from its hosts (e.g. {} for {}) cannot name the "
                            "BGP peer AS",
                            a.leaf, a.host, a.service),
                fmt::format("add `asn:` to switch {}", a.leaf));
  }
}

}  // namespace

bool is_bulk_traffic_network(const site::Network& network) {
  return network.encapsulation != site::Encapsulation::none || contains_word(network.name, "storage") ||
         contains_word(network.name, "ceph") || contains_word(network.name, "tunnel");
}

void add_plan_warnings(const site::Site& site, const ClusterPlan& plan, Diagnostics& diagnostics) {
  warn_slow_bulk_ports(site, diagnostics);
  warn_redundancy(site, diagnostics);
  warn_mtus(site, plan, diagnostics);
  warn_disconnected_backup_paths(site, plan, diagnostics);
  warn_leaves_without_asn(site, plan, diagnostics);
}

}  // namespace netkeel::plan
