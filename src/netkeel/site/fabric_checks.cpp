// fabric layer and MTU, switch MLAG peers and uplinks, network MTUs, default routes, shared VLANs.
#include <map>

#include <fmt/format.h>

#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/site/site_checks.hpp"

namespace netkeel::site {
namespace {

std::vector<std::string> switch_names(const Site& site) {
  std::vector<std::string> names;
  for (const auto& sw : site.switches) names.push_back(sw.name);
  return names;
}

void check_layer_and_mtus(const Site& site, Diagnostics& out) {
  if (site.fabric.layer != 2 && site.fabric.layer != 3) {
    out.error(site.fabric.marks.of("layer"), fmt::format("fabric layer {} is not 2 or 3", site.fabric.layer),
              "use layer: 2 when hosts share VLANs across racks, layer: 3 for a routed leaf-spine fabric");
  }
  for (const auto& sw : site.switches) {
    if (sw.mtu && *sw.mtu > site.fabric.mtu) {
      out.error(sw.marks.of("mtu"),
                fmt::format("switch '{}' mtu {} is above the fabric mtu {}", sw.name, *sw.mtu, site.fabric.mtu),
                fmt::format("the fabric mtu is the largest frame every switch carries: raise fabric mtu to {} or "
                            "lower this switch's mtu",
                            *sw.mtu));
    }
  }
  for (const auto& network : site.networks) {
    if (network.mtu && *network.mtu > site.fabric.mtu) {
      out.error(network.marks.of("mtu"),
                fmt::format("network '{}' mtu {} is above the fabric mtu {}", network.name, *network.mtu,
                            site.fabric.mtu),
                fmt::format("frames this large would be dropped by the switches: lower the network's mtu to at most "
                            "{}, or raise fabric mtu if every switch carries {}",
                            site.fabric.mtu, *network.mtu));
    }
  }
}

void check_switch_links(const Site& site, Diagnostics& out) {
  const auto all_names = switch_names(site);
  for (const auto& sw : site.switches) {
    // A switch is never its own peer or uplink, so it is never the suggestion either.
    std::vector<std::string> names;
    for (const auto& name : all_names)
      if (name != sw.name) names.push_back(name);
    if (sw.mlag_peer) {
      const Switch* peer = site.find_switch(*sw.mlag_peer);
      if (*sw.mlag_peer == sw.name) {
        out.error(sw.marks.of("mlag_peer"), fmt::format("switch '{}' names itself as its mlag_peer", sw.name),
                  "name the other switch of the MLAG/VPC pair");
      } else if (!peer) {
        out.error(sw.marks.of("mlag_peer"),
                  fmt::format("switch '{}' has mlag_peer '{}', which is not a switch of this site", sw.name, *sw.mlag_peer),
                  unknown_name_hint(*sw.mlag_peer, names, "switches"));
      } else if (peer->mlag_peer != sw.name) {
        out.error(sw.marks.of("mlag_peer"),
                  fmt::format("switch '{}' names '{}' as its mlag_peer, but '{}' {}", sw.name, peer->name, peer->name,
                              peer->mlag_peer ? fmt::format("names '{}'", *peer->mlag_peer) : std::string("names no peer")),
                  fmt::format("MLAG pairs are mutual: set mlag_peer: {} on switch '{}' (or remove this one)", sw.name,
                              peer->name));
      }
    }
    for (size_t i = 0; i < sw.uplinks.size(); ++i) {
      const std::string& uplink = sw.uplinks[i];
      const SourceMark mark = sw.marks.of("uplinks." + std::to_string(i));
      if (uplink == sw.name) {
        out.error(mark, fmt::format("switch '{}' lists itself as an uplink", sw.name),
                  "list the switches this one connects up to (e.g. its spines)");
      } else if (!site.find_switch(uplink)) {
        out.error(mark, fmt::format("switch '{}' has uplink '{}', which is not a switch of this site", sw.name, uplink),
                  unknown_name_hint(uplink, names, "switches"));
      }
    }
  }
}

void check_routes_and_vlans(const Site& site, Diagnostics& out) {
  const Network* default_route = nullptr;
  std::map<int, const Network*> vlan_owner;
  for (const auto& network : site.networks) {
    if (network.default_route) {
      if (default_route) {
        out.error(network.marks.of("default_route"),
                  fmt::format("networks '{}' and '{}' both set default_route", default_route->name, network.name),
                  "a host has one default route: keep default_route: true on one network");
      } else {
        default_route = &network;
      }
      const bool routed = site.fabric.layer == 3 && !network.rack_cidrs.empty();  // gateway defaults per rack
      if (!routed && !network.gateway) {
        out.error(network.marks.of("default_route"),
                  fmt::format("network '{}' sets default_route but has no gateway", network.name),
                  "add gateway: <router address in the network's subnet>");
      }
    }
    if (network.vlan) {
      auto [it, inserted] = vlan_owner.emplace(*network.vlan, &network);
      if (!inserted) {
        out.warning(network.marks.of("vlan"),
                    fmt::format("networks '{}' and '{}' share VLAN {}: they are one layer-2 segment", it->second->name,
                                network.name, *network.vlan),
                    "give each service network its own VLAN unless sharing the segment is intended");
      }
    }
  }
  if (site.hosts.empty()) {
    out.warning(site.marks.of("hosts"), "the site has no hosts, so there is nothing to plan",
                "add hosts: with one entry per server");
  }
}

}  // namespace

void check_fabric(const Site& site, Diagnostics& out) {
  check_layer_and_mtus(site, out);
  check_switch_links(site, out);
  check_routes_and_vlans(site, out);
}

}  // namespace netkeel::site
